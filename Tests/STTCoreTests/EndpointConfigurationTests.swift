import STTCore
import Testing

/// An endpoint refuses configurations that would make it spin, or silently kill its sessions.
@Suite("Endpoint configuration")
struct EndpointConfigurationTests {

    @Test("timer settings that would spin or silently kill sessions are refused with the field's name")
    func configurationValidated() {
        var c = EndpointConfiguration()
        c.keepAliveInterval = .seconds(30)
        #expect(c.validate()?.contains("keepAliveInterval must be positive and shorter than idleTimeout") == true)
        c = EndpointConfiguration()
        c.keepAliveInterval = .zero
        #expect(c.validate()?.contains("keepAliveInterval") == true)
        c = EndpointConfiguration()
        c.maximumHandshakeRetransmit = .milliseconds(1)
        #expect(c.validate()?.contains("maximumHandshakeRetransmit") == true)
        c = EndpointConfiguration()
        c.idleTimeout = .seconds(86_400 * 400)
        #expect(c.validate()?.contains("idleTimeout must be positive and at most a year") == true)
        #expect(EndpointConfiguration().validate() == nil)
    }

}
