// Fuzzes the DynamoDB JSON codec and the stored item format: any bytes that
// parse as a JSON object are decoded as an item (DynamoDB's validation, which
// may refuse them with an Error but must never crash), and an accepted item
// must survive every representation we keep it in unchanged: DynamoDB JSON ->
// Item -> item codec bytes -> Item, and the stored bytes written straight as
// JSON must be the same text a Writer makes of the decoded item.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "dynamo_items/error.h"
#include "storage/item_codec.h"
#include "storage/stored_item.h"
#include "value/item_size.h"
#include "value/json_codec.h"

using namespace dynamo_items;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return 0;
  Item item;
  try {
    item = json::decode_item(doc);
  } catch (const Error&) {
    return 0;  // refused, as DynamoDB would
  }
  const std::string stored = storage::encode_item(item);
  if (storage::decode_item(stored) != item) std::abort();
  if (storage::stored_item_size(stored) != item_size(item)) std::abort();

  rapidjson::Document out;
  rapidjson::Value encoded = json::encode_item(item, out.GetAllocator());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  encoded.Accept(writer);
  std::string direct;
  storage::append_stored_item_json(stored, direct);
  if (direct != std::string_view(buffer.GetString(), buffer.GetSize())) std::abort();

  rapidjson::Document again;
  again.Parse(direct.c_str(), direct.size());
  if (again.HasParseError() || json::decode_item(again) != item) std::abort();
  return 0;
}
