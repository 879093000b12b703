using CronPlan.Diagnostics;
using CronPlan.Repos;

namespace CronPlan.Tests.Repos;

[TestFixture]
public sealed class FileEndStateTests
{
    private static SourceLocation At(int line) => new("tasks/main.yaml", line, 3, line, 10);

    private static FileOperation Write(int line, string? mode = null, string? owner = null, string content = "[client]\n") =>
        new("/home/backup/.my.cnf", At(line), true, content, true, owner, mode is null ? null : AppliedMode.FromText(mode), false, null);

    private static FileOperation Attributes(int line, string? mode = null, string? owner = null) =>
        new("/home/backup/.my.cnf", At(line), false, null, false, owner, mode is null ? null : AppliedMode.FromText(mode), false, null);

    [Test]
    public void AWriteWithoutMode_ThenAFileTask_EndsRestricted_WithTheWriteOpenInBetween()
    {
        var end = FileEndState.Of([Write(1), Attributes(5, "0400", "backup")])!;
        (end.Owner, end.Mode!.Value.Text, end.Task.Line).Should().Be(("backup", "0400", 1));
        end.OpenWrites.Select(w => w.Line).Should().Equal(1);
    }

    [Test]
    public void ARestrictionBeforeTheWrite_KeepsTheFileClosed()
    {
        var end = FileEndState.Of([Attributes(1, "0600", "backup"), Write(5)])!;
        end.Mode!.Value.Text.Should().Be("0600");
        end.OpenWrites.Should().BeEmpty();
    }

    [Test]
    public void AWriteWithItsOwnMode_IsNeverOpen()
    {
        FileEndState.Of([Write(1, "0600", "backup")])!.OpenWrites.Should().BeEmpty();
    }

    [Test]
    public void ALaterModeWins()
    {
        FileEndState.Of([Write(1, "0600"), Attributes(3, "0644")])!.Mode!.Value.Text.Should().Be("0644");
    }

    [Test]
    public void LineEdits_AddToKnownContent()
    {
        var added = new FileOperation("/home/backup/.my.cnf", At(9), true, "no_tablespaces\n", false, null, null, false, null);
        FileEndState.Of([Write(1, "0600"), added])!.Content.Should().Be("[client]\nno_tablespaces\n");
    }

    [Test]
    public void ARemovedFile_HasNoEndState()
    {
        FileEndState.Of([Write(1), new FileOperation("/home/backup/.my.cnf", At(3), false, null, false, null, null, true, null)]).Should().BeNull();
    }

    [TestCase("0600",       0x180)]
    [TestCase("600",        0x180)]
    [TestCase("u=rw,g=,o=", 0x180)]
    [TestCase("u=rw,go=",   0x180)]
    [TestCase("a=r,u+w",    0x1A4)]
    [TestCase("go-rwx",     null)]
    [TestCase("{{ mode }}", null)]
    public void TextModes_AreReadAsAnsibleReadsThem(string text, int? bits)
    {
        AppliedMode.FromText(text).Bits.Should().Be(bits);
    }

    [TestCase(644L, "01204")]
    [TestCase(384L, "0600")]
    [TestCase(400L, "0620")]
    public void IntegerModes_AreTheIntegerItself(long value, string octal)
    {
        AppliedMode.FromInteger(value).Text.Should().Be(octal);
    }
}
