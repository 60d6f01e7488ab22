import Faults
import Foundation
import Hummingbird
import LabKit
import NIOCore

/// The demo's HTTP side: the page, Chart.js (Debian's copy, so the page needs
/// no internet), the live snapshots as server-sent events, and the controls.
struct DemoServer: Sendable {
    let engine: DemoEngine
    /// Required on `POST /control` when set (the demo listens beyond loopback).
    let token: String?
    let chartLibrary: String

    /// Where Debian's libjs-chart.js puts the UMD build.
    static let debianChartJS = "/usr/share/javascript/chart.js/chart.min.js"

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: DemoPage.html)))
        }
        router.get("/chart.js") { _, _ in
            guard let data = FileManager.default.contents(atPath: chartLibrary) else {
                throw JSONErrorResponse(
                    status: .notFound, code: "chart_library_missing",
                    message:
                        "\(chartLibrary) is missing: install Debian's libjs-chart.js (scripts/install-deps.sh does)")
            }
            return Response(
                status: .ok, headers: [.contentType: "application/javascript"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/state") { _, _ in
            guard let snapshot = await engine.latest else {
                throw JSONErrorResponse(status: .serviceUnavailable, code: "warming_up", message: "no snapshot yet")
            }
            return try JSONResponse.encode(snapshot)
        }
        router.get("/events") { _, _ in
            let snapshots = await engine.subscribe()
            let encoder = JSONEncoder()
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    for await snapshot in snapshots {
                        var buffer = ByteBuffer(string: "data: ")
                        buffer.writeBytes(try encoder.encode(snapshot))
                        buffer.writeString("\n\n")
                        try await writer.write(buffer)
                    }
                    try await writer.finish(nil)
                })
        }
        router.post("/control") { request, context in
            try checkToken(request)
            let control: DemoControl
            do {
                control = try await request.decode(as: DemoControl.self, context: context)
            } catch {
                throw JSONErrorResponse(
                    status: .badRequest, code: "invalid_control",
                    message:
                        "expected {\"action\": one of \(DemoControl.Action.allCases.map(\.rawValue).joined(separator: ", ")), "
                        + "\"fault\": one of \(FaultKind.allCases.map(\.rawValue).joined(separator: ", ")) (start, end), "
                        + "\"model\": a model's letter or all, \"value\": number}")
            }
            if [.start, .end].contains(control.action), control.fault == nil {
                throw JSONErrorResponse(
                    status: .badRequest, code: "invalid_control", message: "\(control.action.rawValue) needs a fault",
                    field: "fault")
            }
            let letters = engine.members.map(\.letter)
            guard control.model == "all" || letters.contains(control.model) else {
                throw JSONErrorResponse(
                    status: .badRequest, code: "unknown_model",
                    message: "model must be all or one of \(letters.joined(separator: ", "))", field: "model")
            }
            return try JSONResponse.encode(await engine.apply(control))
        }
        return router
    }

    private func checkToken(_ request: Request) throws {
        guard let token else { return }
        let bearer = request.headers[.authorization].map { $0 == "Bearer \(token)" } ?? false
        let query = request.uri.queryParameters.get("token") == token
        guard bearer || query else {
            throw JSONErrorResponse(
                status: .unauthorized, code: "token_required",
                message: "the demo listens beyond loopback: controls need the token given at start")
        }
    }
}
