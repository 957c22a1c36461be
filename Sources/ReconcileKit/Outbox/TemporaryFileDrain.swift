/// A ``ByteDrain`` that writes each chunk to a ``TemporaryFile``. A renderer cannot throw, so the
/// first failed write is kept in ``error`` and later chunks are dropped; the caller checks it when
/// the rendering is done.
final class TemporaryFileDrain: ByteDrain {
    let file: TemporaryFile
    private(set) var error: FileSystemError?

    init(_ file: TemporaryFile) { self.file = file }

    func take(_ chunk: UnsafeRawBufferPointer) {
        guard error == nil else { return }
        do throws(FileSystemError) { try file.write(chunk) } catch { self.error = error }
    }
}
