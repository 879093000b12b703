using System.IO.Compression;
using CronPlan.Tests.Support;

namespace CronPlan.Cli.Tests;

/// <summary>
/// The three packages as users get them: packed from this repository into a folder feed under a version no other feed
/// has, then consumed by <c>samples/consumer</c>'s tests and installed as a dotnet tool.
/// </summary>
[TestFixture]
[Category("Packaging")]
[NonParallelizable]
public sealed class PackagingTests
{
    private static readonly string[] Packages = ["CronPlan", "CronPlan.Tool", "CronPlan.FluentAssertions"];

    private string _feed = "";
    private string _version = "";
    private string _scratch = "";

    private static string Root => ConformanceVectors.RepositoryRoot;

    [OneTimeSetUp]
    public void Pack()
    {
        _scratch = Directory.CreateTempSubdirectory("cronplan-packaging-").FullName;
        _feed = Path.Combine(_scratch, "feed");
        _version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var pack = Dotnet(Root, "pack", Path.Combine(Root, "CronPlan.sln"), "-c", "Release", "-o", _feed, $"-p:Version={_version}");
        pack.Status.Should().Be(0, pack.Output);
    }

    [OneTimeTearDown]
    public void RemoveScratch() => Directory.Delete(_scratch, recursive: true);

    [Test]
    public void Pack_MakesTheThreePackages_WithReadmeLicenceDocsAndSymbols()
    {
        foreach (var id in Packages)
        {
            var package = Path.Combine(_feed, $"{id}.{_version}.nupkg");
            File.Exists(package).Should().BeTrue($"{id} is packed");
            File.Exists(Path.Combine(_feed, $"{id}.{_version}.snupkg")).Should().BeTrue($"{id} has a symbol package");
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            entries.Should().Contain(["README.md", "LICENSE"]);
            using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var manifest = nuspec.ReadToEnd();
            manifest.Should().Contain("<readme>README.md</readme>").And.Contain("<license type=\"file\">LICENSE</license>").And.Contain("<repository type=\"git\"");
            if (id != "CronPlan.Tool")
            {
                entries.Should().Contain([$"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml"], "the library ships its XML documentation");
            }
        }
    }

    [Test]
    public void TheConsumer_RestoresTheFeedsPackages_AndItsTestsPass()
    {
        var consumer = Path.Combine(_scratch, "consumer");
        Copy(Path.Combine(Root, "samples", "consumer"), consumer);
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="cronplan-local" value="{_feed}" />
              </packageSources>
            </configuration>
            """);
        var test = Dotnet(consumer, "test", "NightlyBackups.Tests", $"-p:CronPlanVersion={_version}");
        test.Status.Should().Be(0, test.Output);
        test.Output.Should().MatchRegex(@"Passed!\s+- Failed:\s+0, Passed:\s+4,");
    }

    [Test]
    public void TheTool_InstallsFromTheFeed_AndChecksTheLab()
    {
        var tools = Path.Combine(_scratch, "tools");
        var install = Dotnet(Root, "tool", "install", "--tool-path", tools, "--add-source", _feed, "CronPlan.Tool", "--version", _version);
        install.Status.Should().Be(0, install.Output);
        var check = Run(Path.Combine(tools, "cronplan"), Root, "check", "samples/lab10");
        check.Status.Should().Be(0, check.Output);
        check.Output.Should().Contain("0 errors, 0 warnings");
    }

    [Test]
    public void AnUndeclaredPublicMember_FailsTheBuild()
    {
        // The library as it is, beside the repository's build files, with one public member its PublicAPI files do not declare.
        var copy = Path.Combine(_scratch, "public-api");
        Copy(Path.Combine(Root, "src", "CronPlan"), Path.Combine(copy, "src", "CronPlan"));
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "LICENSE", ".editorconfig" })
        {
            File.Copy(Path.Combine(Root, file), Path.Combine(copy, file));
        }

        File.WriteAllText(Path.Combine(copy, "src", "CronPlan", "Undeclared.cs"), "namespace CronPlan;\n\n/// <summary>Not in PublicAPI.Unshipped.txt.</summary>\npublic static class Undeclared\n{\n    /// <summary>Nor this.</summary>\n    public static int Answer() => 42;\n}\n");
        var build = Dotnet(copy, "build", Path.Combine("src", "CronPlan", "CronPlan.csproj"));
        build.Status.Should().NotBe(0);
        build.Output.Should().Contain("RS0016").And.Contain("Undeclared");
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    private static (int Status, string Output) Dotnet(string directory, params string[] arguments) => Run("dotnet", directory, arguments);

    private static (int Status, string Output) Run(string program, string directory, params string[] arguments)
    {
        var result = CliRunner.Program(program, directory, TimeSpan.FromMinutes(10), arguments);
        return (result.ExitCode, result.Stdout + result.Stderr);
    }
}
