#include "ops/read_common.h"

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "storage/item_codec.h"
#include "value/item_size.h"

namespace dynamo_items::ops {

ReadResult run_read(EngineImpl& engine, const ReadPlan& plan) {
  ReadResult result;
  if (plan.range.empty()) return result;
  rocksdb::Slice lower(plan.range.lower), upper(plan.range.upper);
  auto it = engine.store.iterator(&lower, &upper);
  if (plan.forward) {
    it->SeekToFirst();
  } else {
    it->SeekToLast();
  }
  while (it->Valid()) {
    Item item = storage::decode_item(it->value().ToStringView());
    ++result.scanned_count;
    result.scanned_bytes += item_size(item);
    const bool keep = !plan.filter || plan.filter(item);
    const bool limit_reached = plan.limit && result.scanned_count >= *plan.limit;
    const bool page_full = result.scanned_bytes >= kMaxPageBytes;
    if (plan.forward) {
      it->Next();
    } else {
      it->Prev();
    }
    // Like DynamoDB, name the last item read whenever Limit or the 1 MB page
    // limit stops the read, even when no item follows.
    if (limit_reached || page_full) result.last_evaluated = item;
    if (keep) {
      ++result.count;
      if (!plan.count_only) result.items.push_back(plan.project ? plan.project(item) : std::move(item));
    }
    if (limit_reached || page_full) break;
  }
  if (!it->status().ok()) throw Error::internal("read failed: " + it->status().ToString());
  return result;
}

}  // namespace dynamo_items::ops
