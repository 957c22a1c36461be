import Foundation
import Testing

@testable import ReconcileKit

/// The one file-system layer: the whole-file reader of the inbox and of the program's own files,
/// the atomic writer's last step and its one rule for a folder's fsync, and the one error type.
@Suite struct FileSystemLayerTests {
    @Test func anOwnFileThatIsNotThereReadsAsNil() throws {
        let dir = StoreTempDir()
        #expect(try readWholeFileIfExists(dir.path + "/missing") == nil)
        writeFileBytes(dir.path + "/present", Array("bytes".utf8))
        #expect(try readWholeFileIfExists(dir.path + "/present") == Array("bytes".utf8))
        #expect(throws: FileSystemError(.notFound, path: dir.path + "/missing", errno: ENOENT)) {
            try readWholeFile(dir.path + "/missing")
        }
    }

    /// An inbox file is read without following a link (one planted since the scan cannot lead out
    /// of the inbox) and a folder found in its place means it changed; the program's own files
    /// follow a link the user made, and a folder in their place cannot be read.
    @Test func linksAndFoldersAreReadAsTheirPlaceRequires() throws {
        let dir = StoreTempDir()
        writeFileBytes(dir.path + "/target", Array("t".utf8))
        #expect(symlink(dir.path + "/target", dir.path + "/link") == 0)
        #expect(mkdir(dir.path + "/folder", 0o755) == 0)
        #expect(throws: FileSystemError.self) { try readWholeFile(dir.path + "/link") }
        #expect(try readWholeFileIfExists(dir.path + "/link") == Array("t".utf8))
        #expect(throws: FileSystemError(.changed, path: dir.path + "/folder", errno: 0)) {
            try readWholeFile(dir.path + "/folder")
        }
        #expect(throws: FileSystemError(.read, path: dir.path + "/folder", errno: EISDIR)) {
            try readWholeFileIfExists(dir.path + "/folder")
        }
    }

    /// The real calls, except that fsync of a folder fails with `code`.
    static func folderFsyncFailing(_ code: Int32) -> FileIO {
        FileIO(
            write: FileIO.system.write,
            fsync: { fd in
                var info = stat()
                if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                    errno = code
                    return -1
                }
                return FileIO.system.fsync(fd)
            },
            rename: FileIO.system.rename
        )
    }

    /// EINVAL and ENOTSUP on a folder's fsync say the file system cannot sync folders: the write
    /// stands. Any other error fails it, naming the folder, with the new file already in place.
    @Test func aFolderFsyncFailsTheWriteUnlessTheFileSystemCannotSyncFolders() throws {
        let dir = StoreTempDir()
        for code in [EINVAL, ENOTSUP] {
            try FileIO.$current.withValue(Self.folderFsyncFailing(code)) {
                try AtomicFile.write(Array("new".utf8), to: dir.path + "/file")
            }
            #expect(fileBytes(dir.path + "/file") == Array("new".utf8))
        }
        #expect(throws: FileSystemError(.syncDirectory, path: dir.path, errno: EIO)) {
            try FileIO.$current.withValue(Self.folderFsyncFailing(EIO)) {
                try AtomicFile.write(Array("newer".utf8), to: dir.path + "/file")
            }
        }
        #expect(fileBytes(dir.path + "/file") == Array("newer".utf8))
    }

    @Test func anErrorNamesOperationPathAndReasonAndKeepsWhereItWasRaised() {
        let error = FileSystemError(.rename, path: "/o/runs/latest", errno: EISDIR)
        #expect(error.description == "cannot rename into '/o/runs/latest': \(String(cString: strerror(EISDIR)))")
        #expect(
            FileSystemError(.changed, path: "/i/a.json", errno: 0).description == "changed while being read '/i/a.json'"
        )
        #expect(error.debugDescription.hasPrefix(error.description))
        #expect(error.debugDescription.contains("FileSystemLayerTests.swift:"), "\(error.debugDescription)")
        // Equal whatever the place: a test names the failure, not the line.
        #expect(error == FileSystemError(.rename, path: "/o/runs/latest", errno: EISDIR))
    }
}
