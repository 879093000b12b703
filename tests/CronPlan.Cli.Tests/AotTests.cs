using CronPlan.Tests.Support;

namespace CronPlan.Cli.Tests;

/// <summary>
/// The CLI compiled ahead of time (NativeAOT, linux-x64): it builds without a warning, and the native binary gives the
/// golden outputs byte for byte, checks the lab and compiles its plan as the JIT build does.
/// </summary>
[TestFixture]
[Category("Aot")]
[NonParallelizable]
public sealed class AotTests
{
    private string _output = "";
    private string _binary = "";
    private string _log = "";

    [OneTimeSetUp]
    public void Publish()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            Assert.Ignore("the NativeAOT build is made for linux-x64");
        }

        if (!File.Exists("/usr/bin/clang"))
        {
            const string Reason = "NativeAOT links with clang: apt-get install -y clang zlib1g-dev";
            if (Environment.GetEnvironmentVariable("CRONPLAN_REQUIRE_REAL") == "1")
            {
                Assert.Fail("CRONPLAN_REQUIRE_REAL=1 but " + Reason);
            }

            Assert.Ignore(Reason);
        }

        _output = Directory.CreateTempSubdirectory("cronplan-aot-").FullName;
        var project = Path.Combine(ConformanceVectors.RepositoryRoot, "src", "CronPlan.Cli", "CronPlan.Cli.csproj");
        var (status, log) = Run("dotnet", "publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", _output);
        _log = log;
        status.Should().Be(0, log);
        _binary = Path.Combine(_output, "CronPlan.Cli");
    }

    [OneTimeTearDown]
    public void Remove()
    {
        if (_output.Length > 0)
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Test]
    public void ThePublish_HasNoWarnings()
    {
        _log.Should().NotContainAny([" warning IL", " warning CS", " warning NU", " warning MSB"], "a NativeAOT build with no warnings: no reflection the trimmer cannot see");
        new FileInfo(_binary).Length.Should().BeGreaterThan(0);
    }

    [TestCaseSource(typeof(GoldenTests), nameof(GoldenTests.Cases))]
    public void TheNativeBinary_GivesTheGoldenOutput(string file, string[] args)
    {
        var (status, stdout, stderr) = RunSplit(_binary, args);
        var actual = GoldenTests.Transcript(args, new CliResult(status, stdout, stderr));
        actual.Should().Be(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Golden", file)));
    }

    [Test]
    public void TheNativeBinary_ChecksAndCompilesTheLab_AsTheJitBuildDoes()
    {
        var root = ConformanceVectors.RepositoryRoot;
        var check = RunSplit(_binary, "check", Path.Combine(root, "samples", "lab10"), "--format", "json");
        check.Status.Should().Be(0, check.Stderr);
        var jit = CliRunner.AsProcess("check", Path.Combine(root, "samples", "lab10"), "--format", "json");
        check.Stdout.Should().Be(jit.Stdout);

        var compile = RunSplit(_binary, "compile", Path.Combine(root, "samples", "lab10", "cronplan.yaml"));
        compile.Status.Should().Be(0, compile.Stderr);
        compile.Stdout.Should().Be(CliRunner.AsProcess("compile", Path.Combine(root, "samples", "lab10", "cronplan.yaml")).Stdout);
    }

    private static (int Status, string Output) Run(string program, params string[] arguments)
    {
        var (status, stdout, stderr) = RunSplit(program, arguments);
        return (status, stdout + stderr);
    }

    private static (int Status, string Stdout, string Stderr) RunSplit(string program, params string[] arguments)
    {
        var result = CliRunner.Program(program, ConformanceVectors.RepositoryRoot, TimeSpan.FromMinutes(15), arguments);
        return (result.ExitCode, result.Stdout, result.Stderr);
    }
}
