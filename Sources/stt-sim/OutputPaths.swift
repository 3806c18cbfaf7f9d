import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether two paths name one file, so a command never writes over what it reads.
enum OutputPaths {
    /// The same device and inode when both exist (hard links, symlinks, `./x` and `x`), else the
    /// same absolute path once symlinks are resolved.
    static func same(_ a: String, _ b: String) -> Bool {
        var sa = stat()
        var sb = stat()
        if stat(a, &sa) == 0, stat(b, &sb) == 0 { return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino }
        func absolute(_ p: String) -> String {
            URL(fileURLWithPath: p).standardizedFileURL.resolvingSymlinksInPath().path
        }
        return absolute(a) == absolute(b)
    }
}
