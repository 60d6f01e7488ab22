/// What is wrong with a workload file, pointing at the line and the field.
public struct WorkloadFileError: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based; nil when the file could not be read at all.
    public var line: Int?
    /// The field's path, e.g. `faults[2].error_rate`.
    public var field: String
    public var problem: String

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return field.isEmpty ? "\(place): \(problem)" : "\(place): \(field): \(problem)"
    }
}
