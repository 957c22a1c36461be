#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads into `buffer` until it is full or the file ends, retrying a read a signal interrupted:
/// from `offset` (`pread`) when given, else from the descriptor's position. Returns how many bytes
/// were read (fewer than the buffer holds: the file ended) and the `errno` of a read that failed
/// (0 when none did); the bytes read before a failure are in the buffer.
func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: off_t? = nil) -> (
    count: Int, error: Int32
) {
    var filled = 0
    while filled < buffer.count {
        let start = buffer.baseAddress! + filled
        let n =
            offset.map { pread(fd, start, buffer.count - filled, $0 + off_t(filled)) }
            ?? read(fd, start, buffer.count - filled)
        if n < 0 {
            if errno == EINTR { continue }
            return (filled, errno)
        }
        if n == 0 { break }
        filled += n
    }
    return (filled, 0)
}
