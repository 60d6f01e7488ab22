import Comparison
import Faults
import Foundation
import LabKit
import NIOCore
import OrderDomain
import OrderWorkload

/// A click on the page: start or end a fault of the catalogue, replay, or set the rate, for one model
/// (`a`, `b`, `c`, …) or `all`, with the fault's first parameter as `value`.
struct DemoControl: Codable, Sendable {
    enum Action: String, Codable, Sendable, CaseIterable {
        case start, end, replay, rate
    }

    var action: Action
    var fault: FaultKind?
    var model: String
    var value: Double?
}

/// What a control did to each model.
struct DemoControlAnswer: Codable, Sendable {
    struct Result: Codable, Sendable {
        var model: String
        var done: Bool
        var what: String
    }

    var results: [Result]
}

extension DemoEngine {
    /// Carries out `control` on the chosen models at once; every outcome goes to the event log.
    func apply(_ control: DemoControl) async -> DemoControlAnswer {
        if control.action == .rate {
            let rate = min(max(control.value ?? rate, 1), 500)
            setRate(rate)
            record("all", "order rate set to \(Int(rate))/s")
            return DemoControlAnswer(results: [.init(model: "all", done: true, what: "rate \(Int(rate))/s")])
        }
        let chosen = members.filter { control.model == "all" || control.model == $0.letter }
        let results = await withTaskGroup(of: DemoControlAnswer.Result.self) { group in
            for member in chosen {
                group.addTask { await self.perform(control, on: member) }
            }
            var results: [DemoControlAnswer.Result] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.model < $1.model }
        }
        for result in results {
            record(result.model, result.done ? result.what : "not applicable: \(result.what)")
        }
        return DemoControlAnswer(results: results)
    }

    private nonisolated func perform(_ control: DemoControl, on member: Member) async -> DemoControlAnswer.Result {
        let lab = member.lab
        func notDone(_ why: String) -> DemoControlAnswer.Result { .init(model: member.letter, done: false, what: why) }
        do {
            let what: String
            switch (control.action, control.fault) {
            case (.replay, _):
                guard let log = lab as? any Replaying else {
                    return notDone(lab.lacks(.replay)?.reason ?? "no log to replay")
                }
                switch try await log.replay() {
                case .success(let text): what = text
                case .failure(let reason): return notDone(reason.reason)
                }
            case (.rate, _):
                what = "rate"
            case (.start, let kind?):
                if let reason = lab.notApplicable(kind) { return notDone(reason.reason) }
                var values: [String: Double] = [:]
                if let parameter = kind.parameters.first, let value = control.value {
                    if let problem = parameter.problem(with: value) { return notDone(problem) }
                    values[parameter.key] = value
                }
                switch kind {
                case .poisonInput: what = try await poison(lab)
                case .duplicateDelivery: what = try await duplicate(lab, letter: member.letter)
                case .brokerPaused:
                    await markBroker(member.letter, paused: true)
                    what = try await lab.startFault(kind, values, http: http)
                default: what = try await lab.startFault(kind, values, http: http)
                }
            case (.end, let kind?):
                if let reason = lab.notApplicable(kind) { return notDone(reason.reason) }
                what = try await lab.endFault(kind, http: http) ?? "\(kind.rawValue) acts once: nothing to end"
                if kind == .brokerPaused { await markBroker(member.letter, paused: false) }
            case (.start, nil), (.end, nil):
                return notDone("no fault named")
            }
            return .init(model: member.letter, done: true, what: what)
        } catch {
            return notDone("failed: \(error)")
        }
    }

    /// A malformed request, and a malformed message where the model has a transport.
    private nonisolated func poison(_ lab: any ComparedLab) async throws -> String {
        let answer = await lab.postOrder(rawBody: #"{"user_id": "poison", "items": [{"item_id": "pizza""#)
        let code = answer.decode(ErrorBody.self)?.error.code ?? answer.outcome
        var what = "malformed order → \(answer.outcome) \(code)"
        if case .success(let written) = try await lab.writePoisonMessages(1), written > 0 {
            what += "; malformed message written to the transport (→ dead letters)"
        }
        return what
    }

    /// One order sent twice with the same id, and one message twice with the same id.
    private nonisolated func duplicate(_ lab: any ComparedLab, letter: String) async throws -> String {
        let id = "demo-dup-\(UUID().uuidString.prefix(8))"
        let first = await lab.placeOrder(id: id, user: "duplicate", item: "pizza", quantity: 1)
        let second = await lab.placeOrder(id: id, user: "duplicate", item: "pizza", quantity: 1)
        var what = "order \(id) sent twice → \(first.outcome), \(second.outcome)"
        let order = OrderRequest(
            userID: "duplicate", lines: [.init(itemID: "pizza", quantity: 1, price: 12.5)], orderID: id + "-m"
        ).place()
        if case .success(let written) = try await lab.writeDuplicateMessages([order]), !written.isEmpty {
            what += "; message \(id)-m written twice with one message id"
        }
        return what
    }
}
