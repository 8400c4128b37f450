#include "ops/read_common.h"

#include "dynamo_items/error.h"
#include "engine_impl.h"
#include "storage/item_codec.h"
#include "storage/stored_item.h"
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
  const bool keep_stored = !plan.filter && !plan.project;
  while (it->Valid()) {
    const std::string_view stored = it->value().ToStringView();
    ++result.scanned_count;
    const bool limit_reached = plan.limit && result.scanned_count >= *plan.limit;
    if (keep_stored) {
      result.scanned_bytes += storage::stored_item_size(stored);
      const bool page_full = result.scanned_bytes >= kMaxPageBytes;
      // Like DynamoDB, name the last item read whenever Limit or the 1 MB
      // page limit stops the read, even when no item follows.
      if (limit_reached || page_full) result.last_evaluated = storage::decode_item(stored);
      ++result.count;
      if (!plan.count_only) {
        result.stored_bytes.append(stored);
        result.stored_ends.push_back(result.stored_bytes.size());
      }
      if (limit_reached || page_full) break;
    } else {
      Item item = storage::decode_item(stored);
      result.scanned_bytes += item_size(item);
      const bool page_full = result.scanned_bytes >= kMaxPageBytes;
      const bool keep = !plan.filter || plan.filter(item);
      if (limit_reached || page_full) result.last_evaluated = item;
      if (keep) {
        ++result.count;
        if (!plan.count_only) result.items.push_back(plan.project ? plan.project(item) : std::move(item));
      }
      if (limit_reached || page_full) break;
    }
    if (plan.forward) {
      it->Next();
    } else {
      it->Prev();
    }
  }
  if (!it->status().ok()) throw Error::internal("read failed: " + it->status().ToString());
  return result;
}

}  // namespace dynamo_items::ops
