package dev.berth.awswire.shape;

import static dev.berth.awswire.shape.SageMakerModel.MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceModelTest {

  @Test
  void operationsNameTheirInputAndOutputShapes() {
    assertThat(MODEL.operations()).hasSize(17).contains("CreateEndpoint", "ListTags");
    assertThat(MODEL.inputShape("CreateEndpoint")).contains("CreateEndpointInput");
    assertThat(MODEL.outputShape("CreateEndpoint")).contains("CreateEndpointOutput");
    assertThat(MODEL.inputShape("DeleteModel")).contains("DeleteModelInput");
    assertThat(MODEL.outputShape("DeleteModel")).isEmpty();
    assertThat(MODEL.inputShape("CreateTrainingJob")).isEmpty();
  }

  @Test
  void shapesCarryTheirConstraints() {
    StringShape modelName = (StringShape) MODEL.shape("ModelName");
    assertThat(modelName.length().max()).map(Range.Bound::text).contains("63");
    assertThat(modelName.pattern())
        .map(ShapePattern::printed)
        .contains("^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?");

    NumberShape weight = (NumberShape) MODEL.shape("VariantWeight");
    assertThat(weight.kind()).isEqualTo(NumberShape.Kind.FLOAT);
    assertThat(weight.value().min()).map(Range.Bound::text).contains("0");

    StructureShape tag = (StructureShape) MODEL.shape("Tag");
    assertThat(tag.members())
        .extracting(StructureShape.Member::pathName)
        .containsExactly("key", "value");
    assertThat(tag.members()).allMatch(StructureShape.Member::required);

    assertThat(((StringShape) MODEL.shape("OrderKey")).enumValues())
        .containsExactly("Ascending", "Descending");
  }

  @Test
  void everyShapeNamedByAnotherResolves() {
    for (Shape shape : MODEL.shapes()) {
      Stream<String> targets =
          shape instanceof StructureShape s
              ? s.members().stream().map(StructureShape.Member::shape)
              : shape instanceof ListShape l
                  ? Stream.of(l.member())
                  : shape instanceof MapShape m ? Stream.of(m.key(), m.value()) : Stream.empty();
      targets.forEach(target -> assertThat(MODEL.shape(target).name()).isEqualTo(target));
    }
  }

  @Test
  void everyPatternOfTheModelCompilesAndIsPrintedWithACaret() {
    List<ShapePattern> patterns =
        MODEL.shapes().stream()
            .filter(StringShape.class::isInstance)
            .map(s -> ((StringShape) s).pattern())
            .flatMap(java.util.Optional::stream)
            .toList();

    assertThat(patterns).hasSize(44);
    assertThat(patterns).allSatisfy(p -> assertThat(p.printed()).isEqualTo("^" + p.source()));
  }

  /** Each pattern of a request shape, tried on a value it must take and one it must refuse. */
  @ParameterizedTest(name = "{0}: ''{1}'' matches = {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          ModelName                 | my-model-1                                   | true
          ModelName                 | a                                            | true
          ModelName                 | a--b                                         | true
          ModelName                 | ENTER MODEL NAME                             | false
          ModelName                 | -leading                                     | false
          ModelName                 | trailing-                                    | false
          ModelName                 | under_score                                  | false
          EndpointName              | my-endpoint                                  | true
          EndpointName              | my.endpoint                                  | false
          EndpointName              | trailing-                                    | false
          EndpointConfigName        | cfg-2024                                     | true
          VariantName               | AllTraffic                                   | true
          ContainerHostname         | host_1                                       | false
          EndpointNameContains      | -prod-                                       | true
          EndpointNameContains      | prod_                                        | false
          TagKey                    | aws:cost center/team=ml+ops@x                | true
          TagKey                    | 成本中心                                       | true
          TagKey                    | semi;colon                                   | false
          TagValue                  | ""                                           | true
          RoleArn                   | arn:aws:iam::123456789012:role/SageMakerRole | true
          RoleArn                   | arn:aws:iam::12345:role/SageMakerRole        | false
          ResourceArn               | arn:aws:sagemaker:us-east-1:123456789012:endpoint/e | true
          ResourceArn               | arn:aws:s3:::bucket                          | false
          EndpointArn               | arn:aws:sagemaker:eu-west-1:123456789012:endpoint/e | true
          KmsKeyId                  | arn:aws:kms:us-east-1:123456789012:key/abc-1 | true
          KmsKeyId                  | key with space                               | false
          Url                       | s3://bucket/model.tar.gz                     | true
          Url                       | https://example.com/model.tar.gz             | true
          Url                       | ftp://example.com/model.tar.gz               | false
          DestinationS3Uri          | s3://bucket/capture                          | true
          S3ModelUri                | s3://bucket/prefix/                          | true
          ContainerImage            | 123456789012.dkr.ecr.us-east-1.amazonaws.com/img:1 | true
          ContainerImage            | has space                                    | false
          EnvironmentKey            | SAGEMAKER_PROGRAM                            | true
          EnvironmentKey            | 1ST                                          | false
          EnvironmentValue          | "any value, even\twith tabs"                 | true
          JsonContentType           | application/json                             | true
          CsvContentType            | text/csv                                     | true
          CsvContentType            | text                                         | false
          SecurityGroupId           | sg-0123abcd                                  | true
          SubnetId                  | subnet_1                                     | false
          AlarmName                 | my-alarm                                     | true
          AlarmName                 | "   "                                        | false
          SnsTopicArn               | arn:aws:sns:us-east-1:123456789012:topic-1   | true
          VersionedArnOrName        | my-package/3                                 | true
          VersionedArnOrName        | arn:aws:sagemaker:us-east-1:123456789012:model-package/p/12 | true
          VersionedArnOrName        | ends-                                        | false
          PaginationToken           | opaque-token==                               | true
          AdditionalModelChannelName | draft_model.v1                              | true
          ClarifyMimeType           | application/json+x                           | true
          ClarifyShapBaseline       | 1,2,3                                        | true
          MlReservationArn          | arn:aws:sagemaker:us-east-1:123456789012:ml-reservation/r | true
          MlReservationArn          | arn:aws:sagemaker:us-east-1:123456789012:reserved-capacity/r | false
          """)
  void patternsMatchTheWholeString(String shape, String value, boolean matches) {
    ShapePattern pattern = ((StringShape) MODEL.shape(shape)).pattern().orElseThrow();
    assertThat(pattern.matches(value.replace("\\t", "\t"))).isEqualTo(matches);
  }

  @Test
  void aPatternIsMatchedAgainstTheWholeStringNotAPrefix() {
    ShapePattern pattern = ShapePattern.compile("Digits", "[0-9]+");
    assertThat(pattern.matches("123")).isTrue();
    assertThat(pattern.matches("123abc")).isFalse();
    assertThat(ShapePattern.compile("Anchored", "^[0-9]+$").printed()).isEqualTo("^[0-9]+$");
  }

  @Test
  void anUnknownShapeNameIsAProgrammingError() {
    assertThatThrownBy(() -> MODEL.shape("NoSuchShape"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NoSuchShape");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown type       | {"operations":{},"shapes":{"B":{"type":"blob"}}}                                         | unsupported type blob
          dangling member    | {"operations":{},"shapes":{"S":{"type":"structure","members":{"A":{"shape":"Nope"}}}}}   | unknown shape Nope
          dangling list      | {"operations":{},"shapes":{"L":{"type":"list","member":{"shape":"Nope"}}}}               | unknown shape Nope
          map with int keys  | {"operations":{},"shapes":{"I":{"type":"integer"},"M":{"type":"map","key":{"shape":"I"},"value":{"shape":"I"}}}} | keys that are not strings
          required missing   | {"operations":{},"shapes":{"S":{"type":"structure","members":{},"required":["A"]}}}      | requires members it does not have
          bad pattern        | {"operations":{},"shapes":{"S":{"type":"string","pattern":"[a-"}}}                       | pattern Java cannot compile
          input not a shape  | {"operations":{"Op":{"input":"Nope"}},"shapes":{}}                                       | unknown shape Nope
          input not a struct | {"operations":{"Op":{"input":"S"}},"shapes":{"S":{"type":"string"}}}                     | not a structure
          no shapes          | {"operations":{}}                                                                        | Missing object 'shapes'
          """)
  void aModelTheValidatorCannotEnforceFailsToLoad(String why, String json, String message) {
    assertThatThrownBy(() -> ServiceModel.load(stream(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aModelThatIsNotJsonFailsToLoad() {
    assertThatThrownBy(() -> ServiceModel.load(stream("{not json")))
        .isInstanceOf(UncheckedIOException.class);
  }

  private static InputStream stream(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }
}
