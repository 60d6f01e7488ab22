import ArgumentParser
import Foundation
import OrderDomain

/// `--stock item=qty,…` (or `COMMLAB_STOCK`), defaulting to the seeds' campus stock.
public enum StockArgument {
    public static func levels(_ text: String?) throws -> StockLevels {
        guard let text = text ?? ProcessInfo.processInfo.environment["COMMLAB_STOCK"] else { return .campusDefault }
        do {
            return try StockLevels(parsing: text)
        } catch {
            throw ValidationError("--stock: \(error)")
        }
    }
}

/// Opens a service's SQLite store, turning a failure into a clear message.
public enum OpenStore {
    public static func open<T>(_ what: String, at path: String?, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw ValidationError("cannot open the \(what) at \(path ?? "memory"): \(error)")
        }
    }
}
