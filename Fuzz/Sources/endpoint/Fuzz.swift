import STTCore

#if canImport(Glibc)
    import Glibc
#endif

/// The `endpoint` fuzz target: an STTEndpoint responder's receive path from the first datagram.
///
/// Input: a mode byte, then records. Mode `m % 3` picks the responder a run starts with:
/// 0 a fresh one, 1 one that has answered the recorded hello (waiting for the finish), 2 one with
/// the recorded session established. Each record is a control byte `c` whose low two bits pick:
/// - 0 frames: a u16 length and that many plaintext bytes, sealed under the initiator's key with
///   the next packet number (after skipping `(c >> 2) & 7` numbers), so the fuzzer reaches frame
///   parsing and the session's state machine past authentication;
/// - 1 raw: a u16 length and a datagram delivered as it is (from the initiator's address when
///   bit 7 is clear, else from another);
/// - 2 mutate: a u16 length and `(position, xor)` byte pairs applied to a real datagram: index
///   `(c >> 2) & 15` into [recorded hello, recorded finish, packets sealed so far]; a hello gets a
///   fresh mac1 unless bit 6 is set, so mutated Noise bytes get past the MAC check;
/// - 3 time: the clock moves `((c >> 2) + 1)²` ms and due timers fire.
/// After every record the responder's datagrams and events are drained (readable streams read).
/// Everything is deterministic: the same input always meets the same responder state.
nonisolated(unsafe) private let recorded: RecordedHandshake = {
    guard let r = RecordedHandshake() else { fatalError("the recorded handshake did not establish") }
    if let dir = getenv("STT_FUZZ_WRITE_SEEDS") {
        SeedWriter.write(recorded: r, to: String(cString: dir))
        _exit(0)  // not exit: libFuzzer reports an exit during a run as a crash
    }
    return r
}()

private let otherAddress = STTAddress(ipv4: 203, 0, 113, 7, port: 4444)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    guard let mode = input.first else { return 0 }
    let r = recorded
    var now = RecordedHandshake.finishTime
    let server: STTEndpoint
    switch mode % 3 {
    case 0:
        server = r.makeServer()
    case 1:
        server = r.makeServer()
        server.handle(datagram: r.hello, from: RecordedHandshake.clientAddress, now: RecordedHandshake.helloTime)
        drain(server, now: RecordedHandshake.helloTime)
    default:
        guard let s = r.establishedServer() else { fatalError("replaying the recorded handshake failed") }
        server = s
    }
    var protection = r.clientProtection()
    var sealed: [[UInt8]] = []
    var at = 1
    while at < input.count {
        let control = input[at]
        at += 1
        let kind = control & 3
        if kind == 3 {
            let step = Int64(control >> 2) + 1
            let before = now
            now = now + .milliseconds(step * step)
            fireTimers(server, from: before, to: now)
            continue
        }
        var length = 0
        if at + 2 <= input.count { length = Int(input[at]) << 8 | Int(input[at + 1]) }
        at = min(at + 2, input.count)
        length = min(length, input.count - at)
        let payload = Array(input[at..<at + length])
        at += length
        switch kind {
        case 0:
            for _ in 0..<(control >> 2) & 7 { _ = protection.seal([]) }
            guard let packet = protection.seal(payload) else { continue }
            sealed.append(packet)
            server.handle(datagram: packet, from: RecordedHandshake.clientAddress, now: now)
        case 1:
            let from = control & 0x80 == 0 ? RecordedHandshake.clientAddress : otherAddress
            server.handle(datagram: payload, from: from, now: now)
        default:
            let bases = [r.hello, r.finish] + sealed
            var datagram = bases[Int(control >> 2 & 15) % bases.count]
            var pair = 0
            while pair + 1 < payload.count, !datagram.isEmpty {
                datagram[Int(payload[pair]) % datagram.count] ^= payload[pair + 1]
                pair += 2
            }
            let isHello = datagram.count > 3 && datagram[3] == PacketType.handshakeInitiation.rawValue
            if isHello, control & 0x40 == 0 { datagram = r.remac(datagram) }
            server.handle(datagram: datagram, from: RecordedHandshake.clientAddress, now: now)
        }
        drain(server, now: now)
    }
    // Let every timer run out (retransmissions, idle timeout, linger), as a real run would.
    fireTimers(server, from: now, to: now + .seconds(60))
    return 0
}

/// Moves the clock from `start` to `end`, firing each due timer at its own time (never before
/// `start`: time never runs backwards) and draining output after each; bounded.
private func fireTimers(_ server: STTEndpoint, from start: STTInstant, to end: STTInstant) {
    var clock = start
    var rounds = 64
    while rounds > 0, let due = server.nextTimeout(), due <= end {
        clock = max(clock, due)
        server.handleTimeout(now: clock)
        drain(server, now: clock)
        rounds -= 1
    }
    server.handleTimeout(now: end)
    drain(server, now: end)
}
