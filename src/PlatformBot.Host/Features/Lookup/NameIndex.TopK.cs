namespace PlatformBot.Host.Features.Lookup;

// The ranking of candidates: a small sorted buffer, kept apart from the index's search.
public sealed partial class NameIndex
{
    /// <summary>The best k entries by (primary, secondary, name, id), kept sorted; one slot per entry.</summary>
    private sealed class TopK(int k, NameIndex index)
    {
        private readonly List<(int Entry, int Primary, int Secondary)> _items = new(k + 1);

        public void Offer(int entry, int primary, int secondary)
        {
            var item = (entry, primary, secondary);
            if (_items.Count == k && Compare(item, _items[^1]) >= 0)
            {
                return; // not better than the worst kept, so not better than this entry's own kept slot either
            }

            for (var i = 0; i < _items.Count; i++)
            {
                if (_items[i].Entry == entry)
                {
                    if (Compare(item, _items[i]) >= 0)
                    {
                        return;
                    }

                    _items.RemoveAt(i);
                    break;
                }
            }

            var at = _items.Count;
            while (at > 0 && Compare(item, _items[at - 1]) < 0)
            {
                at--;
            }

            _items.Insert(at, item);
            if (_items.Count > k)
            {
                _items.RemoveAt(k);
            }
        }

        public List<(int Entry, int Primary, int Secondary)> Items() => _items;

        public int Count => _items.Count;

        public int Capacity => k;

        /// <summary>The primary rank of the last kept item (for fuzzy: the largest distance kept).</summary>
        public int Worst => _items.Count == 0 ? int.MaxValue : _items[^1].Primary;

        private int Compare((int Entry, int Primary, int Secondary) a, (int Entry, int Primary, int Secondary) b)
        {
            var c = a.Primary.CompareTo(b.Primary);
            if (c == 0)
            {
                c = a.Secondary.CompareTo(b.Secondary);
            }

            if (c == 0)
            {
                c = string.Compare(index._entries[a.Entry].Name, index._entries[b.Entry].Name, StringComparison.OrdinalIgnoreCase);
            }

            return c != 0 ? c : string.CompareOrdinal(index._entries[a.Entry].AccountId, index._entries[b.Entry].AccountId);
        }
    }
}
