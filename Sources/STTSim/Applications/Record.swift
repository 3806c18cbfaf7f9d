/// Records carried by live and messages flows: sequence u64, send time i64 (ns), then bytes
/// derived from the sequence, so the receiver checks every byte and measures latency.
enum Record {
    static let headerLength = 16

    static func make(sequence: UInt64, sentAt: Int64, size: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: size)
        for i in 0..<8 { out[i] = UInt8(truncatingIfNeeded: sequence >> (56 - 8 * UInt64(i))) }
        for i in 0..<8 { out[8 + i] = UInt8(truncatingIfNeeded: UInt64(bitPattern: sentAt) >> (56 - 8 * UInt64(i))) }
        for i in headerLength..<size { out[i] = UInt8(truncatingIfNeeded: sequence &+ UInt64(i)) }
        return out
    }

    /// (sequence, sentAt, intact) of one record.
    static func read(_ r: ArraySlice<UInt8>) -> (UInt64, Int64, Bool) {
        let b = Array(r)
        var seq: UInt64 = 0
        var sent: UInt64 = 0
        for i in 0..<8 {
            seq = seq << 8 | UInt64(b[i])
            sent = sent << 8 | UInt64(b[8 + i])
        }
        var intact = true
        for i in headerLength..<b.count where b[i] != UInt8(truncatingIfNeeded: seq &+ UInt64(i)) {
            intact = false
            break
        }
        return (seq, Int64(bitPattern: sent), intact)
    }
}
