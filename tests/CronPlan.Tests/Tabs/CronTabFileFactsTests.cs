using CronPlan.Tabs;

namespace CronPlan.Tests.Tabs;

[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CronTabFileFactsTests
{
    [Test]
    public void Inspect_ReadsOwnerModeTypeAndLinks()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("stat(2) facts are read on Linux only");
        }

        var directory = Directory.CreateTempSubdirectory("cronplan-facts-").FullName;
        try
        {
            var file = Path.Combine(directory, "mysql-backup");
            File.WriteAllText(file, "0 2 * * * root true\n");
            File.SetUnixFileMode(file, (UnixFileMode)0x1B4);

            var facts = CronTabFileFacts.Inspect(file)!;
            facts.Name.Should().Be("mysql-backup");
            facts.Mode.Should().Be(0x1B4);
            facts.IsRegularFile.Should().BeTrue();
            facts.IsSymbolicLink.Should().BeFalse();
            facts.HardLinks.Should().Be(1);
            facts.OwnerId.Should().Be(long.Parse(RunId(), System.Globalization.CultureInfo.InvariantCulture));

            var link = Path.Combine(directory, "link");
            File.CreateSymbolicLink(link, file);
            CronTabFileFacts.Inspect(link)!.IsSymbolicLink.Should().BeTrue();

            var hard = Path.Combine(directory, "hard");
            using (var ln = System.Diagnostics.Process.Start("ln", [file, hard]))
            {
                ln.WaitForExit();
            }

            CronTabFileFacts.Inspect(file)!.HardLinks.Should().Be(2);
            CronTabFileFacts.Inspect(directory)!.IsRegularFile.Should().BeFalse();
            CronTabFileFacts.Inspect(Path.Combine(directory, "missing")).Should().BeNull();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string RunId()
    {
        using var id = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("id", "-u") { RedirectStandardOutput = true })!;
        var text = id.StandardOutput.ReadToEnd().Trim();
        id.WaitForExit();
        return text;
    }
}
