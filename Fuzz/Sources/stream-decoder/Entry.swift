import FuzzDriver

/// `main`, as SwiftPM on Linux names it for this target (see FuzzDriver).
@_cdecl("stream_decoder_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzDriver(argc, argv) { fuzz($0, $1) }
}
