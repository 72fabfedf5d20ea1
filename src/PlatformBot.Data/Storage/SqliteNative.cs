using System.Runtime.InteropServices;
using SQLitePCL;

namespace PlatformBot.Data.Storage;

/// <summary>
/// SQLite's C entry points the bulk writer calls per cell, taken from the very library SQLitePCL loaded (the same
/// name resolved the same way returns the same module), called through function pointers. The bind calls do no
/// I/O, take no lock anyone waits on for long and never call back, so they skip the GC transition; step does I/O
/// and keeps it.
/// </summary>
internal static unsafe class SqliteNative
{
    /// <summary>SQLITE_STATIC: SQLite uses the bytes where they are, without copying.</summary>
    public const nint Static = 0;

    private static readonly nint Library = NativeLibrary.Load("e_sqlite3", typeof(raw).Assembly, null);
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long, int> BindInt64Entry =
        (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, long, int>)NativeLibrary.GetExport(Library, "sqlite3_bind_int64");
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, double, int> BindDoubleEntry =
        (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, double, int>)NativeLibrary.GetExport(Library, "sqlite3_bind_double");
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*, int, nint, int> BindTextEntry =
        (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, byte*, int, nint, int>)NativeLibrary.GetExport(Library, "sqlite3_bind_text");
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int> BindNullEntry =
        (delegate* unmanaged[Cdecl, SuppressGCTransition]<nint, int, int>)NativeLibrary.GetExport(Library, "sqlite3_bind_null");
    private static readonly delegate* unmanaged[Cdecl]<nint, int> StepEntry =
        (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(Library, "sqlite3_step");
    private static readonly delegate* unmanaged[Cdecl]<nint, int> ResetEntry =
        (delegate* unmanaged[Cdecl]<nint, int>)NativeLibrary.GetExport(Library, "sqlite3_reset");

    public static int BindInt64(nint statement, int parameter, long value) => BindInt64Entry(statement, parameter, value);

    public static int BindDouble(nint statement, int parameter, double value) => BindDoubleEntry(statement, parameter, value);

    public static int BindText(nint statement, int parameter, byte* utf8, int length, nint destructor) => BindTextEntry(statement, parameter, utf8, length, destructor);

    public static int BindNull(nint statement, int parameter) => BindNullEntry(statement, parameter);

    public static int Step(nint statement) => StepEntry(statement);

    public static int Reset(nint statement) => ResetEntry(statement);
}
