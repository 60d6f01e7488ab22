import Faults
import Foundation
import GRDB
import Hummingbird
import LabKit
import Messaging

/// The seed's data export API over the latency tables:
/// `GET /latency/{table}/json?limit=n` (`columns` + `rows`) and
/// `GET /latency/{table}/download` (CSV, the same rows).
public enum LatencyRoutes {
    /// One cell: a number, text or null, as JSON shows it.
    public enum Cell: Codable, Sendable, Hashable {
        case integer(Int64)
        case text(String)
        case null

        init(_ value: DatabaseValue) {
            switch value.storage {
            case .int64(let number): self = .integer(number)
            case .double(let number): self = .integer(Int64(number))
            case .string(let text): self = .text(text)
            default: self = .null
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .integer(let number): try container.encode(number)
            case .text(let text): try container.encode(text)
            case .null: try container.encodeNil()
            }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let number = try? container.decode(Int64.self) {
                self = .integer(number)
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        var csv: String {
            switch self {
            case .integer(let number): String(number)
            case .text(let text): text.contains(",") ? "\"\(text)\"" : text
            case .null: ""
            }
        }
    }

    public struct TableAnswer: Codable, Sendable, Hashable {
        public var columns: [String]
        public var rows: [[Cell]]
    }

    static let defaultLimit = 100
    static let maxLimit = 1_000_000

    public static func router(store: LatencyStore, stats: ConsumerStats, faults: FaultInjector) -> Router<
        BasicRequestContext
    > {
        let router = Router()
        AdminRoutes(serviceName: "latency", injector: faults).add(to: router)
        router.get("/stats") { _, _ in try JSONResponse.encode(stats.snapshot) }
        router.get("/latency/:table/json") { request, context in
            let table = try Self.table(context)
            let limit = try Self.limit(request)
            return try JSONResponse.encode(try await answer(store, table, limit: limit))
        }
        router.get("/latency/:table/download") { request, context in
            let table = try Self.table(context)
            let limit = try Self.limit(request, default: maxLimit)
            let answer = try await answer(store, table, limit: limit)
            let csv =
                ([answer.columns.joined(separator: ",")] + answer.rows.map { $0.map(\.csv).joined(separator: ",") })
                .joined(separator: "\n") + "\n"
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8",
                    .contentDisposition: "attachment; filename=\"\(table.rawValue).csv\"",
                ], body: ResponseBody(byteBuffer: ByteBuffer(string: csv)))
        }
        router.get("/latency/done-records") { _, _ in
            try JSONResponse.encode(
                try await store.orderDoneRecords().map { ["order_id": $0.key, "records": $0.value] })
        }
        return router
    }

    static func answer(_ store: LatencyStore, _ table: LatencyStore.Table, limit: Int) async throws -> TableAnswer {
        TableAnswer(
            columns: table.columns, rows: try await store.rows(of: table, limit: limit).map { $0.map(Cell.init) })
    }

    static func table(_ context: BasicRequestContext) throws -> LatencyStore.Table {
        let name = try context.parameters.require("table")
        guard let table = LatencyStore.Table(rawValue: name) else {
            throw JSONErrorResponse(
                status: .badRequest, code: "unknown_table",
                message:
                    "no table '\(name)'; tables: \(LatencyStore.Table.allCases.map(\.rawValue).joined(separator: ", "))",
                field: "table")
        }
        return table
    }

    static func limit(_ request: Request, default fallback: Int = defaultLimit) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return fallback }
        guard let limit = Int(text), limit >= 1, limit <= maxLimit else {
            throw JSONErrorResponse(
                status: .badRequest, code: "invalid_limit",
                message: "limit must be a whole number from 1 to \(maxLimit), got '\(text)'", field: "limit")
        }
        return limit
    }
}
