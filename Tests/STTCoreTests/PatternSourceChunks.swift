import Foundation
import STTCore
import STTTestSupport
import Testing

/// A file's worth of generated chunks (the seed's `f.read(65536)` loop).
struct PatternSourceChunks {
    let all: [[UInt8]]
    init(total: Int, chunk: Int) {
        var source = PatternSource(seed: 99, length: total)
        var chunks: [[UInt8]] = []
        while source.remaining > 0 { chunks.append(source.next(chunk)) }
        all = chunks
    }
}
