/// What `commlab scale` runs: the instance counts, each message's cost, the
/// offered rate and how long it is offered, and the membership change.
public struct ScaleSettings: Codable, Sendable, Hashable {
    /// Inventory instances at each point, ascending.
    public var instances: [Int]
    /// Added to each message's handling by the delay fault, on every instance: one consumer's ceiling is
    /// about 1000 / this per second, whatever the machine's cores.
    public var costMilliseconds: Int
    /// Orders offered per second, open loop, at every point: above one consumer's ceiling.
    public var rate: Double
    /// Seconds the stream is offered at each point.
    public var seconds: Double
    /// Partitions of a log model's topics (a member beyond them has nothing to read).
    public var partitions: Int
    /// Run the membership change (a member added, one SIGKILLed, while orders flow).
    public var membership: Bool
    /// The longest a point may take to drain its backlog at the fewest instances.
    public var limitSeconds: Double

    /// The most instances of one role the lab starts: each is a process of its own.
    public static let instanceCeiling = 16

    public static let full = ScaleSettings(
        instances: [1, 2, 4, 8], costMilliseconds: 10, rate: 250, seconds: 8, partitions: 6, membership: true,
        limitSeconds: 120)
    /// CI's: one and two instances, a shorter stream.
    public static let quick = ScaleSettings(
        instances: [1, 2], costMilliseconds: 10, rate: 150, seconds: 5, partitions: 6, membership: true,
        limitSeconds: 60)

    /// One consumer's ceiling the cost alone sets, in messages per second.
    public var costCeiling: Double { 1_000 / Double(costMilliseconds) }

    /// Orders each point offers.
    public var ordersPerPoint: Int { Int(rate * seconds) }

    /// Seconds the fewest instances need to work off a point's orders, at the cost's ceiling.
    public var slowestDrainSeconds: Double {
        Double(ordersPerPoint) / (costCeiling * Double(instances.min() ?? 1))
    }

    /// Why these settings cannot run, or nil.
    public var problem: String? {
        if instances.isEmpty { return "no instance count given" }
        if let bad = instances.first(where: { $0 < 1 }) {
            return "\(bad) instances: a role runs at least one (0 would stop the workflow, not measure it)"
        }
        if let big = instances.first(where: { $0 > Self.instanceCeiling }) {
            return "\(big) instances: the lab starts at most \(Self.instanceCeiling) per role, each a process "
                + "of its own on this machine"
        }
        if instances != instances.sorted() || Set(instances).count != instances.count {
            return "instance counts must ascend without repeats (the lab adds instances between points)"
        }
        if costMilliseconds < 1 || costMilliseconds > 1_000 { return "--cost-ms must be between 1 and 1000" }
        if !(rate > 0 && rate <= 2_000) { return "--rate must be between 0 and 2000 orders/s" }
        if !(seconds >= 1 && seconds <= 600) { return "--seconds must be between 1 and 600" }
        if partitions < 1 || partitions > 64 { return "--partitions must be between 1 and 64" }
        if slowestDrainSeconds > limitSeconds {
            return "at \(instances.min() ?? 1) instance(s) and \(costMilliseconds) ms per message, "
                + "\(ordersPerPoint) orders take about \(Int(slowestDrainSeconds)) s to work off, over the "
                + "\(Int(limitSeconds)) s limit: lower --rate, --seconds or --cost-ms, or raise --limit"
        }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case instances, rate, seconds, partitions, membership
        case costMilliseconds = "cost_ms"
        case limitSeconds = "limit_s"
    }
}
