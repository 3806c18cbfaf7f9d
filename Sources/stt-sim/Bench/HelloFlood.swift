import Foundation
import NIOConcurrencyHelpers
import STTCore

/// A hello flood on loopback for `stt-sim bench --filter hello-flood`: one thread sends hellos
/// as fast as it can from one UDP socket per source address (127.0.0.2 … 127.0.0.250) to a
/// node. Seedless hellos carry random MACs; seeded ones carry a valid mac1 and, once each
/// address got its cookie reply, a valid mac2 (an attacker that holds the seed and echoes
/// cookies).
final class LoopbackHelloFlood: @unchecked Sendable {
    enum Mode { case seedless, seededEchoingCookies }

    private let target: sockaddr_in
    private let mode: Mode
    private let forge: HelloForge
    private var sockets: [Int32] = []
    private let stopFlag = NIOLockedValueBox(false)
    private let sentCount = NIOLockedValueBox(0)
    private var thread: Thread?
    private var started = ContinuousClock.now
    private var stopped = ContinuousClock.now
    /// Source addresses that obtained a cookie (seeded mode).
    private(set) var addressesWithCookies = 0

    init(port: Int, sharedSeed: [UInt8], mode: Mode) throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        target = address
        self.mode = mode
        var random = SystemRandomNumberGenerator()
        guard
            let forge = HelloForge(
                sharedSecret: mode == .seedless ? nil : try SharedSecret(sharedSeed: sharedSeed),
                applicationContext: EndpointConfiguration().applicationContext,
                ephemeralKey: (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) },
                staticKey: (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) })
        else { throw BenchFailure("hello-flood: could not make a hello forge") }
        self.forge = forge
        for last in 2...250 {
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            guard fd >= 0 else { throw BenchFailure("hello-flood: socket(): \(String(cString: strerror(errno)))") }
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = (UInt32(0x7F00_0000) | UInt32(last)).bigEndian
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0 else {
                close(fd)
                throw BenchFailure("hello-flood: bind 127.0.0.\(last): \(String(cString: strerror(errno)))")
            }
            sockets.append(fd)
        }
    }

    deinit { for fd in sockets { close(fd) } }

    /// Starts the flood on its own thread; in seeded mode first fetches each address's cookie.
    func start() {
        let pools = makePools()
        started = .now
        let thread = Thread { [self] in
            var sent = 0
            var round = 0
            while !stopFlag.withLockedValue({ $0 }) {
                for (i, fd) in sockets.enumerated() {
                    let hello = pools[i][round % pools[i].count]
                    if send(hello, from: fd) { sent += 1 }
                }
                round += 1
                if round % 64 == 0 { sentCount.withLockedValue { $0 = sent } }
            }
            sentCount.withLockedValue { $0 = sent }
        }
        self.thread = thread
        thread.start()
    }

    /// Stops the flood; returns the hellos sent and their rate per second.
    func stop() -> (hellos: Int, perSecond: Double) {
        stopFlag.withLockedValue { $0 = true }
        while thread?.isFinished == false { usleep(1_000) }
        stopped = .now
        let sent = sentCount.withLockedValue { $0 }
        return (sent, Double(sent) / max((stopped - started).seconds, 1e-9))
    }

    /// 64 distinct hellos per source (fresh session ids, so each may cost the node a table
    /// entry); seeded mode asks for and then echoes each address's cookie.
    private func makePools() -> [[[UInt8]]] {
        var random = SystemRandomNumberGenerator()
        func hellos(cookie: [UInt8]?, count: Int = 64) -> [[UInt8]] {
            (0..<count).compactMap { _ in
                forge.hello(
                    sessionID: SessionID(rawValue: random.next()), cookie: cookie,
                    randomMAC: (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) })
            }
        }
        guard mode == .seededEchoingCookies else { return sockets.map { _ in hellos(cookie: nil) } }
        // Fill the node's table past its load threshold, then ask every address for a cookie.
        var cookies = [[UInt8]?](repeating: nil, count: sockets.count)
        let deadline = ContinuousClock.now + .seconds(3)
        while cookies.contains(where: { $0 == nil }), ContinuousClock.now < deadline {
            var asked = [[UInt8]](repeating: [], count: sockets.count)
            for (i, fd) in sockets.enumerated() where cookies[i] == nil {
                asked[i] = hellos(cookie: nil, count: 1)[0]
                _ = send(asked[i], from: fd)
            }
            usleep(20_000)
            for (i, fd) in sockets.enumerated() where cookies[i] == nil {
                var buffer = [UInt8](repeating: 0, count: 2048)
                while true {
                    let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                    if n <= 0 { break }
                    if cookies[i] == nil {
                        cookies[i] = forge.cookie(fromReply: Array(buffer[..<n]), answering: asked[i])
                    }
                }
            }
        }
        addressesWithCookies = cookies.filter { $0 != nil }.count
        return cookies.map { hellos(cookie: $0) }
    }

    private func send(_ bytes: [UInt8], from fd: Int32) -> Bool {
        var address = target
        let n = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, bytes, bytes.count, Int32(MSG_DONTWAIT), $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return n == bytes.count
    }
}
