import Foundation

/// The date and machine a run happened on, for the reports: figures mean
/// little without them.
public struct MachineDescription: Codable, Sendable {
    public var date: String
    public var cpu: String
    public var cores: Int
    public var memoryGiB: Double
    public var os: String

    enum CodingKeys: String, CodingKey {
        case date, cpu, cores, os
        case memoryGiB = "memory_gib"
    }

    public static func current() -> MachineDescription {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let cpu =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        let os =
            release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }?
            .dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) ?? "unknown OS"
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return MachineDescription(
            date: formatter.string(from: Date()), cpu: cpu, cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryGiB: (Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824 * 10).rounded() / 10, os: os)
    }

    public var oneLine: String {
        "\(date), \(cores) cores of \(cpu), \(Format.decimal(memoryGiB)) GiB, \(os)"
    }
}
