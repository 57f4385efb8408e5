namespace CloverExport.Core.Planning;

/// <summary>
/// Decides which committed windows are exported again. A window is revisited at each configured age
/// after its end (<c>Export:Revisit</c>): a revisit is due once the window is that old and its newest
/// snapshot was taken before it was. Several ages that passed since the last snapshot make one
/// revisit, and a window first exported when it was already older than every age (a backfill of old
/// data) is never revisited.
/// </summary>
public static class RevisitPlanner
{
    /// <summary>The revisits due at <paramref name="now"/>, each as the next revision of its window.</summary>
    /// <param name="current">The newest snapshot of each committed window.</param>
    public static IReadOnlyList<ExportWindow> Due(IEnumerable<WindowSnapshot> current, IReadOnlyList<TimeSpan> ages, DateTimeOffset now) =>
        [.. current
            .Where(s => ages.Any(age => s.Window.End + age <= now && s.ExportedAt < s.Window.End + age))
            .Select(s => s.Window with { Revision = s.Window.Revision + 1 })
            .OrderBy(w => w.Start).ThenBy(w => w.Type)];

    /// <summary>True when no revisit of this snapshot's window will ever be due: it was taken after the last age.</summary>
    public static bool IsFinal(WindowSnapshot snapshot, IReadOnlyList<TimeSpan> ages) =>
        ages.All(age => snapshot.ExportedAt >= snapshot.Window.End + age);
}
