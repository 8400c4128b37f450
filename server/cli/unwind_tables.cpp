// unwind_tables: exceptions in the static dynamo-items executable find their
// unwind information by binary search instead of sorting it first.
//
// Why: in a -static link GCC starts the program with crtbeginT.o, which
// registers the whole .eh_frame with libgcc's frame registry; the first
// exception thrown then makes libgcc sort every FDE of the 13 MB binary
// (7.4 ms on our 2-core machine) before it can unwind. Every server process
// paid that on its first error answer (a DescribeTable of a table that does
// not exist yet: 7.65 ms instead of 0.32), and `--version` took 9 ms.
// Linked with --eh-frame-hdr (a sorted table the linker writes) and with the
// registration wrapped into these no-ops (-Wl,--wrap=, see
// server/CMakeLists.txt), libgcc finds the table through dl_iterate_phdr, as
// in a dynamically linked program. Linked into the static executable only.

// The linker sends crtbeginT.o's calls here instead of libgcc.
extern "C" void __wrap___register_frame_info(const void*, void*) {}
extern "C" void* __wrap___deregister_frame_info(const void*) { return nullptr; }
