import STTCore
import STTTestSupport
import Testing

@Suite("Identity")
struct IdentityTests {
    @Test("the same node seed always gives the same key pair and node id")
    func identityIsDeterministic() throws {
        let a = try NodeIdentity(nodeSeed: seed("alice"))
        let b = try NodeIdentity(nodeSeed: seed("alice"))
        #expect(a.publicKey == b.publicKey && a.nodeID == b.nodeID)
        #expect(a.nodeID.bytes.count == 32)
        #expect(try NodeIdentity(nodeSeed: seed("bob")).nodeID != a.nodeID)
    }

    @Test("seeds shorter than 16 bytes are rejected with an error that says so")
    func shortSeedsRejected() throws {
        #expect(throws: SeedError.tooShort(name: "node_seed", length: 15, minimum: 16)) {
            try NodeIdentity(nodeSeed: [UInt8](repeating: 1, count: 15))
        }
        #expect(throws: SeedError.tooShort(name: "shared_seed", length: 3, minimum: 16)) {
            try SharedSecret(sharedSeed: [1, 2, 3])
        }
        let message = SeedError.tooShort(name: "shared_seed", length: 3, minimum: 16).description
        #expect(message == "shared_seed is 3 bytes; at least 16 bytes are required")
        #expect(throws: Never.self) { try SharedSecret(sharedSeed: [UInt8](repeating: 0, count: 16)) }
    }
}
