import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import LabKit
import OrderWorkload
import Testing

/// A store that cannot serve is a 503 with the reason, not a 500.
@Suite struct StoreErrorTests {
    @Test(arguments: [ResultCode.SQLITE_BUSY, .SQLITE_FULL, .SQLITE_READONLY])
    func aFailingStoreIs503WithTheReason(code: ResultCode) async throws {
        let router = Router()
        router.group().add(middleware: StoreErrorMiddleware()).post("/reserve") { _, _ -> String in
            throw DatabaseError(resultCode: code, message: "injected")
        }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/reserve", method: .post) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try JSONDecoder().decode(ErrorBody.self, from: Data(buffer: response.body))
                #expect(body.error.code == "store_unavailable")
                #expect(body.error.message.contains("injected"))
            }
        }
    }
}
