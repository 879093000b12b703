using CronPlan.Repos;

namespace CronPlan.Tests.Repos;

[TestFixture]
public sealed class RecursionTests
{
    private string _root = "";

    [SetUp]
    public void CreateRepository() => _root = Directory.CreateTempSubdirectory("cronplan-recursion-").FullName;

    [TearDown]
    public void RemoveRepository() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Test]
    public void ATaskFileThatIncludesItself_IsReadAFewTimes_NotForever()
    {
        Write("roles/loop/tasks/main.yaml", "- include_tasks: main.yaml\n- name: tab\n  copy:\n    content: \"MAILTO=''\\n\"\n    dest: /etc/cron.d/loop\n");
        var scan = AnsibleRepository.Scan(_root);
        scan.Tabs.Should().ContainSingle();
    }

    [Test]
    public void RolesThatIncludeEachOther_Stop()
    {
        Write("roles/a/tasks/main.yaml", "- include_role:\n    name: b\n");
        Write("roles/b/tasks/main.yaml", "- include_role:\n    name: a\n- copy:\n    content: \"MAILTO=''\\n\"\n    dest: /etc/cron.d/b\n");
        AnsibleRepository.Scan(_root).Tabs.Should().ContainSingle();
    }

    [Test]
    public void BlocksNestedThousandsDeep_AreCutAtTheYamlDepthLimit()
    {
        Write("roles/deep/tasks/main.yaml", "- block:\n  - block: [" + new string('[', 4000) + new string(']', 4000) + "]\n");
        var scan = AnsibleRepository.Scan(_root);
        scan.Diagnostics.Should().ContainSingle(d => d.Id == "CPL6007").Which.Message.Should().Contain("nested");
    }

    [Test]
    public void APlaybookThatImportsItself_Stops()
    {
        Write("site.yaml", "- import_playbook: site.yaml\n- hosts: all\n  roles: [r]\n");
        Write("roles/r/tasks/main.yaml", "- copy:\n    content: \"MAILTO=''\\n\"\n    dest: /etc/cron.d/r\n");
        AnsibleRepository.Scan(_root).Tabs.Should().ContainSingle();
    }
}
