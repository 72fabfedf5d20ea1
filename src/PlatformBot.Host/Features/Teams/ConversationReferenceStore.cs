using System.Collections.Concurrent;
using PlatformBot.Teams;

namespace PlatformBot.Host.Features.Teams;

/// <summary>
/// Conversation references captured when the app is installed (conversationUpdate / installationUpdate), keyed by
/// conversation id, for proactive messages (digests). In memory only for now: persistence comes with the digests work
/// (it needs a table, and a migration), so after a restart references are re-learned from the next event or message.
/// </summary>
public sealed class ConversationReferenceStore
{
    private readonly ConcurrentDictionary<string, ConversationReference> _references = new(StringComparer.Ordinal);

    public int Count => _references.Count;

    public void Save(ConversationReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        _references[reference.ConversationId] = reference;
    }

    public bool Remove(string conversationId) => _references.TryRemove(conversationId, out _);

    /// <summary>Forgets every conversation of a team (the team was deleted or the app removed from it).</summary>
    public int RemoveTeam(string teamId)
    {
        var removed = 0;
        foreach (var (id, reference) in _references)
        {
            if (string.Equals(reference.TeamId, teamId, StringComparison.Ordinal) && _references.TryRemove(id, out _))
            {
                removed++;
            }
        }

        return removed;
    }

    public ConversationReference? Find(string conversationId) =>
        _references.TryGetValue(conversationId, out var reference) ? reference : null;

    public IReadOnlyList<ConversationReference> All() => [.. _references.Values];
}
