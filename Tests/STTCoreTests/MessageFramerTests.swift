import STTCore
import Testing

@Suite("Message framing")
struct MessageFramerTests {
    @Test("messages split across any chunk boundaries come out whole and in order")
    func anySplit() {
        let messages: [[UInt8]] = [[], [1], [UInt8](repeating: 7, count: 300), [9, 9, 9]]
        let stream = messages.flatMap(MessageFramer.frame)
        for chunk in [1, 2, 3, 5, 64, stream.count] {
            var framer = MessageFramer(maximumMessageSize: 1_000)
            var out: [[UInt8]] = []
            var i = 0
            while i < stream.count {
                out += framer.append(Array(stream[i..<min(stream.count, i + chunk)]))
                i += chunk
            }
            #expect(out == messages, "chunks of \(chunk) bytes")
            #expect(framer.pendingBytes == 0 && framer.failure == nil)
        }
    }

    @Test("a length prefix above the maximum fails the stream after the messages before it")
    func tooLarge() {
        var framer = MessageFramer(maximumMessageSize: 10)
        let out = framer.append(MessageFramer.frame([1, 2]) + [0, 0, 0, 11] + [UInt8](repeating: 0, count: 11))
        #expect(out == [[1, 2]])
        #expect(framer.failure?.length == 11 && framer.failure?.maximum == 10)
        #expect(framer.append(MessageFramer.frame([3])).isEmpty, "nothing after the stream failed")
    }

    @Test("a prefix announcing four gigabytes is refused at once, not buffered")
    func hugePrefix() {
        var framer = MessageFramer(maximumMessageSize: 64 << 20)
        #expect(framer.append([0xFF, 0xFF, 0xFF, 0xFF]).isEmpty)
        #expect(framer.failure?.length == Int(UInt32.max) && framer.pendingBytes == 0)
    }
}
