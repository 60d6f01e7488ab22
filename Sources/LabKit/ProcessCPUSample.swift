/// The CPU seconds named processes had used at one moment, so a run's work
/// can be charged per item to the process that did it.
public struct ProcessCPUSample: Sendable {
    private let processes: [(name: String, pid: Int32?)]
    private let seconds: [Double?]

    /// Samples each process now; one without a pid (a broker the lab does not own) is left out later.
    public init(_ processes: [(String, Int32?)]) {
        self.processes = processes.map { (name: $0.0, pid: $0.1) }
        seconds = processes.map { $0.1.flatMap(ProcessCPUTime.seconds(pid:)) }
    }

    /// CPU µs per item each process spent since the sample, by name.
    public func microsecondsPerItem(_ items: Int) -> [String: Double] {
        var cpu: [String: Double] = [:]
        for (index, process) in processes.enumerated() {
            guard let pid = process.pid, let after = ProcessCPUTime.seconds(pid: pid), let before = seconds[index]
            else { continue }
            cpu[process.name] = (after - before) * 1e6 / Double(max(items, 1))
        }
        return cpu
    }

    /// "analytics 316 µs, broker 716 µs", by name.
    public static func line(_ cpu: [String: Double]) -> String {
        cpu.sorted { $0.key < $1.key }.map { "\($0.key) \(Int($0.value)) µs" }.joined(separator: ", ")
    }
}
