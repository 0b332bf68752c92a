#pragma warning disable CA5394 // synthetic test data, not security

namespace IntegrationHub.Core.Synthetic;

/// <summary>
/// Items with relative weights, drawn by binary search over cumulative weights built once.
/// </summary>
internal sealed class WeightedTable<T>
{
    private readonly T[] _items;
    private readonly double[] _cumulative;
    private readonly double _total;

    public WeightedTable(IEnumerable<(T Item, double Weight)> entries)
    {
        var items = new List<T>();
        var cumulative = new List<double>();
        double sum = 0;
        foreach (var (item, weight) in entries)
        {
            // Zero weights are dropped so that a draw can never land on them.
            if (weight <= 0)
            {
                continue;
            }

            sum += weight;
            items.Add(item);
            cumulative.Add(sum);
        }

        if (items.Count == 0)
        {
            throw new ArgumentException("A weighted table needs at least one positive weight.", nameof(entries));
        }

        _items = [.. items];
        _cumulative = [.. cumulative];
        _total = sum;
    }

    public int Count => _items.Length;

    public T Pick(Random random)
    {
        var x = random.NextDouble() * _total;
        var lo = 0;
        var hi = _cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_cumulative[mid] > x)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return _items[lo];
    }
}
