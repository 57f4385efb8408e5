namespace CloverExport.Emulator.Data;

/// <summary>
/// A merchant's synthetic history. Every day is rebuilt on demand from (seed, day), so years of data
/// cost no memory and the same seed always yields the same objects and ids. Besides random times, days
/// carry objects exactly at UTC midnight, at 30-day block starts (k * 2_592_000_000 ms) and on the last
/// millisecond before a block start, the boundary cases of export windows.
/// </summary>
internal sealed class MerchantData
{
    public const long DayMs = 86_400_000;
    public const long BlockMs = 2_592_000_000;

    private static readonly string[] ItemNames =
        ["Coffee", "Latte", "Bagel", "Croissant", "Sandwich", "Salad", "Soup", "Muffin", "Tea", "Juice", "Cookie", "Wrap"];

    private static readonly string[] OrderTitles = ["", "", "", "Table 4", "Pickup", "Delivery", "Bar"];

    private static readonly string[] CardTypes = ["VISA", "MC", "AMEX", "DISCOVER"];

    private static readonly string[] EntryTypes = ["SWIPED", "EMV_CONTACT", "EMV_CONTACTLESS", "KEYED"];

    private readonly int seed;
    private readonly int ordersPerDay;
    private readonly string currency;
    private readonly IReadOnlyList<IdRef> employees;
    private readonly IReadOnlyList<IdRef> devices;
    private readonly IReadOnlyList<Tender> tenders;

    public MerchantData(string merchantId, string region, long dataStartMs, long dataEndMs, int ordersPerDay, int seed, ObjectChanges changes)
    {
        Changes = changes;
        MerchantId = merchantId;
        Region = region;
        DataStartMs = dataStartMs;
        DataEndMs = dataEndMs;
        this.ordersPerDay = ordersPerDay;
        this.seed = seed;
        currency = region == "eu" ? "EUR" : "USD";
        var rng = new DeterministicRandom(DeterministicRandom.Mix(seed, long.MinValue));
        employees = Enumerable.Range(0, 4).Select(_ => new IdRef(rng.NextId())).ToArray();
        devices = Enumerable.Range(0, 2).Select(_ => new IdRef(rng.NextId())).ToArray();
        tenders =
        [
            new Tender(rng.NextId(), "com.clover.tender.credit_card", "Credit Card", true, false),
            new Tender(rng.NextId(), "com.clover.tender.debit_card", "Debit Card", true, false),
            new Tender(rng.NextId(), "com.clover.tender.cash", "Cash", true, true),
        ];
    }

    public string MerchantId { get; }

    public string Region { get; }

    /// <summary>How objects change after their creation.</summary>
    public ObjectChanges Changes { get; }

    /// <summary>First millisecond with data (inclusive).</summary>
    public long DataStartMs { get; }

    /// <summary>End of the data (exclusive).</summary>
    public long DataEndMs { get; }

    /// <summary>The selected objects, each as of the selection's moment, in createdTime order.</summary>
    public IEnumerable<IExportObject> Select(ExportSelection selection) =>
        SelectionDays(selection).SelectMany(day => Select(day, selection));

    /// <summary>The selected objects created on one day.</summary>
    public IEnumerable<IExportObject> Select(long day, ExportSelection selection)
    {
        foreach (var o in GenerateDay(day).Of(selection.Type))
        {
            if (Changes.AsOf(o, selection.AsOfMs) is { } state &&
                (selection.Field == FilterField.CreatedTime ? state.CreatedTime : state.ModifiedTime) is var time &&
                time >= selection.StartMs && time <= selection.EndMsInclusive)
            {
                yield return state;
            }
        }
    }

    /// <summary>Days whose objects can match: with modifiedTime, objects created up to <see cref="ObjectChanges.LookbackMs"/> earlier.</summary>
    public IEnumerable<long> SelectionDays(ExportSelection selection) => Days(
        selection.Field == FilterField.CreatedTime ? selection.StartMs : selection.StartMs - Changes.LookbackMs,
        selection.EndMsInclusive);

    /// <summary>Days (index since the epoch) with data that overlap [start, end].</summary>
    public IEnumerable<long> Days(long startMs, long endMsInclusive)
    {
        var from = Math.Max(startMs, DataStartMs);
        var to = Math.Min(endMsInclusive, DataEndMs - 1);
        if (from > to)
        {
            yield break;
        }

        for (var day = Math.DivRem(from, DayMs).Quotient; day <= to / DayMs; day++)
        {
            yield return day;
        }
    }

    public DayObjects GenerateDay(long day)
    {
        var rng = new DeterministicRandom(DeterministicRandom.Mix(seed, day));
        var dayStart = day * DayMs;
        var times = new List<long>();
        var count = ordersPerDay <= 0 ? 0 : rng.Next(ordersPerDay * 7 / 10, (ordersPerDay * 13 / 10) + 1);
        for (var i = 0; i < count; i++)
        {
            times.Add(dayStart + rng.Next(0, DayMs));
        }

        var special = new HashSet<long>();
        if (day % 5 == 0 || dayStart % BlockMs == 0)
        {
            special.Add(dayStart);
        }

        if ((dayStart + DayMs) % BlockMs == 0)
        {
            special.Add(dayStart + DayMs - 1);
        }

        times.AddRange(special);
        times.Sort();

        var orders = new List<Order>(times.Count);
        var payments = new List<Payment>(times.Count + 4);
        foreach (var time in times)
        {
            orders.Add(BuildOrder(ref rng, time, special.Contains(time), dayStart + DayMs - 1, payments));
        }

        payments.Sort((a, b) => a.CreatedTime.CompareTo(b.CreatedTime));
        return new DayObjects(orders, payments);
    }

    private Order BuildOrder(ref DeterministicRandom rng, long created, bool exactTime, long lastMsOfDay, List<Payment> payments)
    {
        var orderId = rng.NextId();
        var employee = rng.Pick(employees);
        var device = rng.Pick(devices);
        var items = new LineItem[(int)rng.Next(1, 5)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = new LineItem(rng.NextId(), rng.Pick(ItemNames), rng.Next(150, 2500), true, true, created);
        }

        var subtotal = items.Sum(i => i.Price);
        var tax = subtotal * 8 / 100;
        var total = subtotal + tax;
        var roll = rng.Next(0, 100);
        var paymentCount = roll < 7 ? 0 : roll < 15 ? 2 : 1;
        var paymentRefs = new List<IdRef>(paymentCount);
        var modified = created + rng.Next(0, 1000);
        for (var p = 0; p < paymentCount; p++)
        {
            // Payments stay on their order's day so each day can be built on its own; boundary
            // orders get their payment at the very same millisecond to create payment boundary cases too.
            var paid = exactTime ? created : Math.Min(lastMsOfDay, created + rng.Next(5_000, 900_000));
            var amount = paymentCount == 1 ? total : p == 0 ? total / 2 : total - (total / 2);
            var payment = BuildPayment(ref rng, orderId, employee, device, amount, tax / paymentCount, paid);
            payments.Add(payment);
            paymentRefs.Add(new IdRef(payment.Id));
            modified = Math.Max(modified, paid);
        }

        return new Order(
            orderId,
            currency,
            employee,
            total,
            paymentCount == 0 ? "open" : "locked",
            paymentCount == 2 ? "SPLIT_GUEST" : "FULL",
            rng.Pick(OrderTitles),
            rng.Chance(10) ? "No onions" : "",
            ManualTransaction: false,
            TestMode: Region == "sandbox",
            IsVat: Region == "eu",
            created,
            created - rng.Next(0, 3_000),
            modified,
            device,
            new ElementList<LineItem>(items),
            new ElementList<IdRef>(paymentRefs));
    }

    private Payment BuildPayment(ref DeterministicRandom rng, string orderId, IdRef employee, IdRef device, long amount, long tax, long created)
    {
        var tender = rng.Chance(70) ? tenders[0] : rng.Chance(50) ? tenders[1] : tenders[2];
        var card = tender.Opens
            ? null
            : new CardTransaction(rng.Pick(CardTypes), rng.Next(1000, 10000).ToString(System.Globalization.CultureInfo.InvariantCulture), "AUTH", rng.Pick(EntryTypes), "CLOSED", rng.NextId());
        return new Payment(
            rng.NextId(),
            new IdRef(orderId),
            device,
            tender,
            employee,
            amount,
            rng.Chance(40) ? amount * rng.Next(10, 21) / 100 : 0,
            tax,
            0,
            "SUCCESS",
            created,
            created - rng.Next(0, 3_000),
            created + rng.Next(0, 60_000),
            card,
            new ElementList<IdRef>([]));
    }
}
