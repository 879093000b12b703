using System.Runtime.InteropServices;

namespace CronPlan.Tabs;

/// <summary>What the daemon checks about a cron tab file before reading it.</summary>
/// <param name="Name">The file name.</param>
/// <param name="OwnerId">The owner's user ID.</param>
/// <param name="Mode">The permission bits.</param>
/// <param name="IsRegularFile">A regular file (after following a symbolic link).</param>
/// <param name="IsSymbolicLink">The name is a symbolic link.</param>
/// <param name="LinkOwnerId">For a symbolic link, the link's own owner.</param>
/// <param name="HardLinks">The number of hard links.</param>
public sealed record CronTabFileFacts(string Name, long OwnerId, int Mode, bool IsRegularFile, bool IsSymbolicLink, long LinkOwnerId, long HardLinks)
{
    /// <summary>Reads the facts of <paramref name="path"/> from the file system (Linux); null where they cannot be read.</summary>
    public static CronTabFileFacts? Inspect(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var link = UnixStat.Lstat(path);
        var target = UnixStat.Stat(path);
        if (link is null || target is null)
        {
            return null;
        }

        const int typeMask = 0xF000;
        var isLink = (link.Value.Mode & typeMask) == 0xA000;
        return new CronTabFileFacts(
            System.IO.Path.GetFileName(path),
            target.Value.Uid,
            target.Value.Mode & 0xFFF,
            (target.Value.Mode & typeMask) == 0x8000,
            isLink,
            link.Value.Uid,
            target.Value.Nlink);
    }
}

/// <summary>stat(2) through glibc, for the owner and link count .NET does not expose.</summary>
internal static partial class UnixStat
{
    internal readonly record struct Result(long Uid, int Mode, long Nlink);

    public static Result? Stat(string path) => Call(path, follow: true);

    public static Result? Lstat(string path) => Call(path, follow: false);

    private static Result? Call(string path, bool follow)
    {
        // struct stat is 144 bytes on x86-64 and 128 on arm64; the buffer is large enough for both.
        var buffer = new byte[256];
        var rc = follow ? stat(path, buffer) : lstat(path, buffer);
        if (rc != 0)
        {
            return null;
        }

        if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            // st_dev(8) st_ino(8) st_nlink(8) st_mode(4) st_uid(4)
            return new Result(BitConverter.ToUInt32(buffer, 28), (int)BitConverter.ToUInt32(buffer, 24), (long)BitConverter.ToUInt64(buffer, 16));
        }

        if (RuntimeInformation.ProcessArchitecture == Architecture.Arm64)
        {
            // st_dev(8) st_ino(8) st_mode(4) st_nlink(4) st_uid(4)
            return new Result(BitConverter.ToUInt32(buffer, 24), (int)BitConverter.ToUInt32(buffer, 16), BitConverter.ToUInt32(buffer, 20));
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int stat(string path, byte[] buffer);

    [LibraryImport("libc", EntryPoint = "lstat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int lstat(string path, byte[] buffer);
}
