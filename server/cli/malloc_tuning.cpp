// malloc_tuning: glibc malloc settings for the dynamo-items executable only
// (linked into dynamo_items_cli, not into the libraries, so programs that
// embed the engine keep their own), applied by a static initializer before
// main.
//
// Why: in memory, RocksDB's memtable arenas (1 MB blocks) and the MemEnv's
// SST files are large buffers allocated and freed all the time. glibc raises
// its mmap threshold after the first such free, so later ones come from the
// heap, whose free space is kept rather than returned; and every thread that
// allocates gets an arena of its own. After 20,000 items and one million
// overwrites the server held 85 MB; with a fixed 128 KB mmap and trim
// threshold and one arena, 34 MB (bench/compare/footprint).
#include <malloc.h>

namespace {

struct MallocTuning {
  MallocTuning() {
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);  // fixed: no dynamic raise
    mallopt(M_TRIM_THRESHOLD, 128 * 1024);
    mallopt(M_ARENA_MAX, 1);
  }
};

const MallocTuning tuning;

}  // namespace
