/// A sliding-window replay filter over 64-bit packet numbers (RFC 6479 style bitmap).
///
/// `check` is done before decryption (cheap rejection); `record` only after the packet
/// authenticated, so a forged packet cannot move the window. The bitmap is a ring indexed by
/// packet number modulo `size`; it is allocated as packet numbers reach it, so a short session
/// pays for the packets it received, not for the whole window.
struct ReplayWindow {
    enum Verdict: Equatable { case fresh, replayed, tooOld }

    /// How many packet numbers behind the highest one are still judged, a multiple of 64.
    let size: Int
    private var bitmap: [UInt64]
    private var highest: UInt64 = 0
    private var anyReceived = false

    init(size: Int) {
        precondition(size >= 64 && size % 64 == 0, "replay window size must be a positive multiple of 64")
        self.size = size
        bitmap = []
    }

    func check(_ n: UInt64) -> Verdict {
        guard anyReceived, n <= highest else { return .fresh }
        if highest - n >= UInt64(size) { return .tooOld }
        return isSet(n) ? .replayed : .fresh
    }

    mutating func record(_ n: UInt64) {
        if !anyReceived {
            anyReceived = true
            highest = n
        } else if n > highest {
            let advance = n - highest
            if advance >= UInt64(size) {
                for i in bitmap.indices { bitmap[i] = 0 }
            } else {
                // Clear the slots of the numbers the window slides over. Wrapping arithmetic:
                // an authenticated peer may send packet number UInt64.max.
                for i in 1...advance { clear(highest &+ i) }
            }
            highest = n
        }
        set(n)
    }

    private func slot(_ n: UInt64) -> (Int, UInt64) {
        let bit = Int(n % UInt64(size))
        return (bit >> 6, UInt64(1) << UInt64(bit & 63))
    }
    private func isSet(_ n: UInt64) -> Bool {
        let (w, m) = slot(n)
        return w < bitmap.count && bitmap[w] & m != 0
    }
    private mutating func set(_ n: UInt64) {
        let (w, m) = slot(n)
        if w >= bitmap.count { bitmap.append(contentsOf: repeatElement(0, count: w + 1 - bitmap.count)) }
        bitmap[w] |= m
    }
    private mutating func clear(_ n: UInt64) {
        let (w, m) = slot(n)
        if w < bitmap.count { bitmap[w] &= ~m }
    }
}
