import AsyncHTTPClient
import Foundation
import LabKit
import NIOCore
import NIOHTTP1

/// A browser session over the W3C WebDriver protocol (JSON over HTTP) with
/// chromedriver: the few commands the demo's browser test needs.
struct WebDriverSession: Sendable {
    let base: String
    let id: String
    let client: LabHTTPClient

    /// The key W3C WebDriver gives an element reference under.
    private static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    struct Failure: Error, CustomStringConvertible {
        var command: String
        var answer: String
        var description: String { "WebDriver \(command) failed: \(answer.prefix(400))" }
    }

    /// Opens headless Chromium through the chromedriver at `base`.
    static func open(base: String, chromium: String, http: HTTPClient) async throws -> WebDriverSession {
        let client = LabHTTPClient(http: http)
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": chromium,
                        // Root in a container has no user namespaces for the sandbox; the page is our own.
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                            "--window-size=1600,1250",
                        ],
                    ],
                ]
            ]
        ]
        let body = try JSONSerialization.data(withJSONObject: capabilities)
        let answer = await client.send(.POST, base + "/session", body: ByteBuffer(bytes: body), timeout: .seconds(60))
        guard let value = Self.value(answer) as? [String: Any], let id = value["sessionId"] as? String else {
            throw Failure(command: "new session", answer: answer.bodyText)
        }
        return WebDriverSession(base: base, id: id, client: client)
    }

    func navigate(to url: String) async throws {
        _ = try await command(.POST, "/url", ["url": url])
    }

    /// Runs `script` in the page and returns its result.
    func execute(_ script: String) async throws -> Any? {
        try await command(.POST, "/execute/sync", ["script": script, "args": [Any]()])
    }

    func text(ofElement id: String) async throws -> String {
        let text = try await execute("const e = document.getElementById('\(id)'); return e ? e.textContent : null;")
        guard let text = text as? String else { throw Failure(command: "text of #\(id)", answer: "no such element") }
        return text
    }

    /// Clicks the element `css` finds, as a user would (WebDriver element click).
    func click(_ css: String) async throws {
        let element = try await find(css)
        _ = try await command(.POST, "/element/\(element)/click", [String: Any]())
    }

    func type(_ text: String, into css: String) async throws {
        let element = try await find(css)
        _ = try await command(.POST, "/element/\(element)/value", ["text": text])
    }

    func find(_ css: String) async throws -> String {
        let value = try await command(.POST, "/element", ["using": "css selector", "value": css])
        guard let reference = value as? [String: Any], let element = reference[Self.elementKey] as? String else {
            throw Failure(command: "find \(css)", answer: "\(value ?? "nothing")")
        }
        return element
    }

    /// A PNG of the viewport.
    func screenshot() async throws -> Data {
        let value = try await command(.GET, "/screenshot", nil)
        guard let base64 = value as? String, let png = Data(base64Encoded: base64) else {
            throw Failure(command: "screenshot", answer: "no image")
        }
        return png
    }

    func close() async {
        _ = await client.send(.DELETE, base + "/session/\(id)", timeout: .seconds(20))
    }

    private func command(_ method: HTTPMethod, _ path: String, _ parameters: [String: Any]?) async throws -> Any? {
        let body = try parameters.map { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: $0)) }
        let answer = await client.send(method, base + "/session/\(id)" + path, body: body, timeout: .seconds(60))
        guard answer.status == 200 else { throw Failure(command: "\(method) \(path)", answer: answer.bodyText) }
        return Self.value(answer)
    }

    private static func value(_ answer: HTTPExchange) -> Any? {
        guard answer.status == 200,
            let object = try? JSONSerialization.jsonObject(with: Data(answer.bodyText.utf8)) as? [String: Any]
        else { return nil }
        return object["value"]
    }
}
