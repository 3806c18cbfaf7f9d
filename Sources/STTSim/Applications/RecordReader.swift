/// Cuts a byte stream into fixed-size records.
struct RecordReader {
    let size: Int
    private var buffer: [UInt8] = []
    init(size: Int) { self.size = size }
    mutating func feed(_ data: [UInt8], _ each: (ArraySlice<UInt8>) -> Void) {
        buffer.append(contentsOf: data)
        var start = 0
        while buffer.count - start >= size {
            each(buffer[start..<start + size])
            start += size
        }
        buffer.removeFirst(start)
    }
}
