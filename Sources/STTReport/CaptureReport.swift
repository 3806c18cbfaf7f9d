import STTAnalysis
import STTCore
import STTPcap

/// The report from a capture (`stt-sim analyze X.pcap --report`): what the packets on the
/// wire show. With keys, each side's stream offsets, what the peer's ACK frames acknowledged
/// and RTTs estimated from them; without, packet numbers and throughput. Recovery metrics,
/// queues and drops need a simulated run.
public final class CaptureReport {
    public let observer: RunObserver
    /// Each address seen sending, in order of first sight: the report's "nodes".
    public private(set) var addresses: [String] = []
    private var addressIndex: [String: Int] = [:]  // lookup only
    private var origin: Int64?
    private(set) var decryptedPackets = 0
    private(set) var opaquePackets = 0

    public init() { observer = RunObserver() }

    /// Feeds one record as `CaptureAnalyzer.recordSink` hands it over.
    public func add(_ record: PcapRecord, udp: UDPPacket.Parsed?, decrypted: [UInt8]?) {
        guard let udp, let prefix = CaptureAnalyzer.prefix(udp), prefix.type == .protected else { return }
        let t0 = origin ?? record.unixNanoseconds
        origin = t0
        let t = record.unixNanoseconds - t0
        observer.advance(to: t)
        let node = index(of: udp.packet.source.description)
        let peer = index(of: udp.packet.destination.description)
        guard let timeline = observer.timeline(node: node, session: prefix.sessionID) else { return }
        let header = STTWire.protectedHeaderLength
        if let decrypted, decrypted.count >= header {
            decryptedPackets += 1
            let number = decrypted.readUInt64BE(at: STTWire.Offset.packetNumber)
            let plaintext = Array(decrypted[header...])
            guard let frames = try? Frame.parseAll(plaintext) else { return }
            timeline.onSent(number: number, frames: frames.map(FrameSummary.init), at: t)
            for case .ack(let ack) in frames {
                observer.timeline(node: peer, session: prefix.sessionID)?.onAckFrame(
                    ack.ranges, largest: ack.largest, ackDelay: .microseconds(Int64(ack.ackDelayMicroseconds)), at: t)
            }
        } else if udp.packet.payload.count >= header {
            opaquePackets += 1
            let number = udp.packet.payload.readUInt64BE(at: STTWire.Offset.packetNumber)
            timeline.onOpaquePacket(number: number, bytes: max(0, udp.payloadLength - STTWire.protectedOverhead), at: t)
        }
    }

    private func index(of address: String) -> Int {
        if let i = addressIndex[address] { return i }
        addressIndex[address] = addresses.count
        addresses.append(address)
        return addresses.count - 1
    }

    /// What this capture's report cannot show, said at its top.
    public var notes: [String] {
        var out = [
            "From a capture: congestion window, bytes in flight, pacing rate, queue occupancy and drops"
                + " are not on the wire; they need a simulated run (stt-sim run FILE --report)."
        ]
        if opaquePackets > 0 {
            out.append(
                "\(opaquePackets) protected packets had no keys: their charts plot packet numbers and payload"
                    + " throughput. Give the key log (--keylog) for stream offsets, acknowledgements and RTT.")
        }
        if decryptedPackets > 0 {
            out.append(
                "RTT is estimated from ACK frames: the capture time of an ACK minus that of the packet it"
                    + " acknowledges, less the ACK delay. It is the whole round trip only at the sender's side.")
        }
        return out
    }
}
