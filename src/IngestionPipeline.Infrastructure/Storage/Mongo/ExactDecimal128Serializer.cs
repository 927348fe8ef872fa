using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace IngestionPipeline.Infrastructure.Storage.Mongo;

/// <summary>
/// decimal? as Decimal128 (or null), value for value. The driver's own decimal serializer treats
/// decimal.MaxValue / MinValue as sentinels and stores Decimal128.MaxValue / MinValue (±9.99…E+6144)
/// instead, which would be read back correctly only by .NET and wrongly by every other consumer.
/// </summary>
internal sealed class ExactDecimal128Serializer : SerializerBase<decimal?>
{
    public override decimal? Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        var reader = context.Reader;
        switch (reader.GetCurrentBsonType())
        {
            case BsonType.Null:
                reader.ReadNull();
                return null;
            case BsonType.Decimal128:
                return Decimal128.ToDecimal(reader.ReadDecimal128());
            default:
                throw CreateCannotDeserializeFromBsonTypeException(reader.GetCurrentBsonType());
        }
    }

    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, decimal? value)
    {
        if (value is { } number)
        {
            context.Writer.WriteDecimal128(new Decimal128(number));
        }
        else
        {
            context.Writer.WriteNull();
        }
    }
}
