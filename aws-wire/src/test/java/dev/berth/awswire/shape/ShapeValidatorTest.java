package dev.berth.awswire.shape;

import static dev.berth.awswire.shape.SageMakerModel.MODEL;
import static dev.berth.awswire.shape.SageMakerModel.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShapeValidatorTest {
  private static final ShapeValidator VALIDATOR = new ShapeValidator(MODEL);
  private static final String MODEL_NAME_PATTERN = "^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?";
  private static final String TAG_PATTERN = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)";

  // ---- valid requests ------------------------------------------------------------------------

  @Test
  void aCompleteValidCreateEndpointConfigHasNoViolations() {
    String body =
        """
        {
          "EndpointConfigName": "cfg-1",
          "ProductionVariants": [
            {"VariantName": "AllTraffic", "ModelName": "my-model", "InitialInstanceCount": 2,
             "InstanceType": "ml.g5.xlarge", "InitialVariantWeight": 1,
             "RoutingConfig": {"RoutingStrategy": "LEAST_OUTSTANDING_REQUESTS"}},
            {"VariantName": "Canary", "ModelName": "my-model-2", "InitialInstanceCount": 1,
             "InstanceType": "ml.m5.large", "InitialVariantWeight": 0.25}
          ],
          "DataCaptureConfig": {
            "EnableCapture": true, "InitialSamplingPercentage": 100,
            "DestinationS3Uri": "s3://bucket/capture",
            "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}],
            "CaptureContentTypeHeader": {"JsonContentTypes": ["application/json"]}
          },
          "Tags": [{"Key": "team", "Value": "ml"}, {"Key": "aws:cost center", "Value": ""}],
          "KmsKeyId": "alias/berth"
        }
        """;

    assertThat(validate("CreateEndpointConfigInput", body)).isEmpty();
  }

  @Test
  void aValidCreateModelWithEnvironmentHasNoViolations() {
    String body =
        """
        {"ModelName": "m", "ExecutionRoleArn": "arn:aws:iam::123456789012:role/Berth",
         "PrimaryContainer": {"Image": "registry.local/djl:0.30", "Mode": "SingleModel",
           "ModelDataUrl": "s3://models/m.tar.gz",
           "Environment": {"SAGEMAKER_PROGRAM": "inference.py", "_X": "a b\\tc"}},
         "EnableNetworkIsolation": false}
        """;

    assertThat(validate("CreateModelInput", body)).isEmpty();
  }

  @Test
  void membersTheModelDoesNotKnowAreIgnored() {
    String body =
        """
        {"EndpointName": "e", "EndpointConfigName": "c", "Bogus": {"Nested": [1, 2]},
         "endpointname": 5}
        """;

    assertThat(validate("CreateEndpointInput", body)).isEmpty();
  }

  // ---- the exact messages of spec §3.4 -------------------------------------------------------

  @Test
  void aBadModelNameInTheFirstVariantIsReportedAtItsListPath() {
    String body =
        """
        {"EndpointConfigName": "cfg-1",
         "ProductionVariants": [{"VariantName": "AllTraffic", "ModelName": "ENTER MODEL NAME",
                                 "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}]}
        """;

    assertThat(message("CreateEndpointConfigInput", body))
        .isEqualTo(
            "1 validation error detected: Value 'ENTER MODEL NAME' at"
                + " 'productionVariants.1.member.modelName' failed to satisfy constraint: Member"
                + " must satisfy regular expression pattern: "
                + MODEL_NAME_PATTERN);
  }

  @Test
  void aLongBadModelNameBreaksLengthThenPattern() {
    String name = "A".repeat(63) + "_";
    String body = "{\"ModelName\": \"" + name + "\"}";

    assertThat(message("CreateModelInput", body))
        .isEqualTo(
            "2 validation errors detected: Value '"
                + name
                + "' at 'modelName' failed to satisfy constraint: Member must have length less"
                + " than or equal to 63; Value '"
                + name
                + "' at 'modelName' failed to satisfy constraint: Member must satisfy regular"
                + " expression pattern: "
                + MODEL_NAME_PATTERN);
  }

  // ---- required members ----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"EndpointConfigName\": \"c\"}",
        "{\"EndpointConfigName\": \"c\", \"EndpointName\": null}"
      })
  void aMissingOrNullRequiredMemberMustNotBeNull(String body) {
    assertThat(message("CreateEndpointInput", body))
        .isEqualTo(
            "1 validation error detected: Value null at 'endpointName' failed to satisfy"
                + " constraint: Member must not be null");
  }

  @Test
  void everyMissingRequiredMemberIsReportedInModelMemberOrder() {
    assertThat(validate("CreateEndpointInput", "{}"))
        .containsExactly(
            Violation.notNull("endpointName"), Violation.notNull("endpointConfigName"));
  }

  @Test
  void aBodyWithNoBytesReadsAsAnEmptyObject() {
    assertThat(VALIDATOR.validate("DescribeEndpointInput", MissingNode.getInstance()))
        .containsExactly(Violation.notNull("endpointName"));
    assertThat(VALIDATOR.validate("ListEndpointsInput", MissingNode.getInstance())).isEmpty();
  }

  @Test
  void requiredMembersOfNestedStructuresUseTheFullPath() {
    String body =
        """
        {"EndpointConfigName": "c",
         "ProductionVariants": [{"VariantName": "v"}, {"ModelName": "m"}],
         "DataCaptureConfig": {"CaptureOptions": [{}]}}
        """;

    assertThat(validate("CreateEndpointConfigInput", body))
        .containsExactly(
            Violation.notNull("productionVariants.2.member.variantName"),
            Violation.notNull("dataCaptureConfig.initialSamplingPercentage"),
            Violation.notNull("dataCaptureConfig.destinationS3Uri"),
            Violation.notNull("dataCaptureConfig.captureOptions.1.member.captureMode"));
  }

  // ---- lists
  // -------------------------------------------------------------------------------------

  @Test
  void fiftyOneTagsBreakTheListLength() {
    ObjectNode body = createEndpoint();
    ArrayNode tags = body.putArray("Tags");
    for (int i = 0; i < 51; i++) {
      tags.addObject().put("Key", "k" + i).put("Value", "v");
    }

    List<Violation> violations = VALIDATOR.validate("CreateEndpointInput", body);

    assertThat(violations).hasSize(1);
    Violation violation = violations.get(0);
    assertThat(violation.path()).isEqualTo("tags");
    assertThat(violation.constraint())
        .isEqualTo("Member must have length less than or equal to 50");
    assertThat(violation.value()).startsWith("[{Key=k0, Value=v}, {Key=k1, Value=v}, ");
  }

  @Test
  void fiftyTagsAreAllowed() {
    ObjectNode body = createEndpoint();
    ArrayNode tags = body.putArray("Tags");
    for (int i = 0; i < 50; i++) {
      tags.addObject().put("Key", "k" + i).put("Value", "v");
    }

    assertThat(VALIDATOR.validate("CreateEndpointInput", body)).isEmpty();
  }

  @Test
  void aTagKeyTooLongIsReportedAtItsElement() {
    String key = "k".repeat(129);
    String body =
        "{\"EndpointName\": \"e\", \"EndpointConfigName\": \"c\", \"Tags\": [{\"Key\": \""
            + key
            + "\", \"Value\": \"v\"}, {\"Key\": \"\"}]}";

    assertThat(validate("CreateEndpointInput", body))
        .containsExactly(
            new Violation(
                "tags.1.member.key", key, "Member must have length less than or equal to 128"),
            new Violation(
                "tags.2.member.key", "", "Member must have length greater than or equal to 1"),
            Violation.notNull("tags.2.member.value"));
  }

  @Test
  void aNullStructureInAListMustNotBeNull() {
    String body = "{\"EndpointName\": \"e\", \"EndpointConfigName\": \"c\", \"Tags\": [null]}";

    assertThat(validate("CreateEndpointInput", body))
        .containsExactly(Violation.notNull("tags.1.member"));
  }

  @Test
  void anEmptyListBreaksItsMinimum() {
    assertThat(
            message(
                "CreateEndpointConfigInput",
                "{\"EndpointConfigName\": \"c\", \"ProductionVariants\": []}"))
        .isEqualTo(
            "1 validation error detected: Value '[]' at 'productionVariants' failed to satisfy"
                + " constraint: Member must have length greater than or equal to 1");
  }

  @Test
  void aListOfStringsIsReportedOnceAtTheListNamingEveryElementConstraint() {
    String body =
        "{\"ResourceArn\": \"arn:aws:sagemaker:us-east-1:123456789012:endpoint/e\","
            + " \"TagKeys\": [\"ok\", \"\", \"semi;colon\"]}";

    assertThat(message("DeleteTagsInput", body))
        .isEqualTo(
            "1 validation error detected: Value '[ok, , semi;colon]' at 'tagKeys' failed to"
                + " satisfy constraint: Member must satisfy constraint: [Member must have length"
                + " less than or equal to 128, Member must have length greater than or equal to 1,"
                + " Member must satisfy regular expression pattern: "
                + TAG_PATTERN
                + "]");
  }

  @Test
  void aNullInAListOfStringsAddsNotNullToTheElementConstraints() {
    String body =
        "{\"ResourceArn\": \"arn:aws:sagemaker:us-east-1:123456789012:endpoint/e\","
            + " \"TagKeys\": [\"ok\", null]}";

    assertThat(validate("DeleteTagsInput", body))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("tagKeys");
              assertThat(v.value()).isEqualTo("[ok, null]");
              assertThat(v.constraint()).endsWith(TAG_PATTERN + ", Member must not be null]");
            });
  }

  @Test
  void aListOfEnumsListsTheEnumAsTheElementConstraint() {
    String body =
        """
        {"EndpointConfigName": "c",
         "ProductionVariants": [{"VariantName": "v"}],
         "AsyncInferenceConfig": {"OutputConfig": {"NotificationConfig":
           {"IncludeInferenceResponseIn": ["SUCCESS_NOTIFICATION_TOPIC", "ALWAYS"]}}}}
        """;

    assertThat(validate("CreateEndpointConfigInput", body))
        .containsExactly(
            new Violation(
                "asyncInferenceConfig.outputConfig.notificationConfig.includeInferenceResponseIn",
                "[SUCCESS_NOTIFICATION_TOPIC, ALWAYS]",
                "Member must satisfy constraint: [Member must satisfy enum value set:"
                    + " [SUCCESS_NOTIFICATION_TOPIC, ERROR_NOTIFICATION_TOPIC]]"));
  }

  @Test
  void theListsOwnLengthIsReportedBeforeItsElements() {
    String body =
        """
        {"EndpointConfigName": "c",
         "ProductionVariants": [{"VariantName": "v"}],
         "AsyncInferenceConfig": {"OutputConfig": {"NotificationConfig":
           {"IncludeInferenceResponseIn": ["A", "B", "C"]}}}}
        """;

    assertThat(validate("CreateEndpointConfigInput", body))
        .extracting(Violation::constraint)
        .satisfiesExactly(
            c -> assertThat(c).isEqualTo("Member must have length less than or equal to 2"),
            c -> assertThat(c).startsWith("Member must satisfy constraint: ["));
  }

  // ---- maps
  // --------------------------------------------------------------------------------------

  @Test
  void badMapKeysAreReportedOnceAtTheMap() {
    String body =
        """
        {"ModelName": "m", "PrimaryContainer": {"Environment": {"1ST": "a", "A B": "b", "OK": "c"}}}
        """;

    assertThat(message("CreateModelInput", body))
        .isEqualTo(
            "1 validation error detected: Value '{1ST=a, A B=b, OK=c}' at"
                + " 'primaryContainer.environment' failed to satisfy constraint: Map keys must"
                + " satisfy constraint: [Member must have length less than or equal to 1024,"
                + " Member must have length greater than or equal to 0, Member must satisfy"
                + " regular expression pattern: ^[a-zA-Z_][a-zA-Z0-9_]*]");
  }

  @Test
  void badMapValuesAreReportedOnceAtTheMapAfterTheKeys() {
    ObjectNode body = SageMakerModel.mapper().createObjectNode().put("ModelName", "m");
    ObjectNode environment = body.putObject("PrimaryContainer").putObject("Environment");
    environment.put("1ST", "x".repeat(1025));
    environment.putNull("SECOND");

    List<Violation> violations = VALIDATOR.validate("CreateModelInput", body);

    assertThat(violations)
        .extracting(Violation::path)
        .containsExactly("primaryContainer.environment", "primaryContainer.environment");
    assertThat(violations.get(0).constraint()).startsWith("Map keys must satisfy constraint: [");
    assertThat(violations.get(1).constraint())
        .isEqualTo(
            "Map value must satisfy constraint: [Member must have length less than or equal to"
                + " 1024, Member must have length greater than or equal to 0, Member must satisfy"
                + " regular expression pattern: ^[\\S\\s]*, Member must not be null]");
  }

  @Test
  void aMapWithTooManyEntriesBreaksItsLength() {
    ObjectNode body = SageMakerModel.mapper().createObjectNode().put("ModelName", "m");
    ObjectNode environment = body.putObject("PrimaryContainer").putObject("Environment");
    for (int i = 0; i < 101; i++) {
      environment.put("K" + i, "v");
    }

    assertThat(VALIDATOR.validate("CreateModelInput", body))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("primaryContainer.environment");
              assertThat(v.constraint())
                  .isEqualTo("Member must have length less than or equal to 100");
              assertThat(v.value()).startsWith("{K0=v, K1=v, ");
            });
  }

  // ---- numbers
  // -----------------------------------------------------------------------------------

  @Test
  void anInitialInstanceCountOfZeroIsBelowTheMinimum() {
    assertThat(message("CreateEndpointConfigInput", variant("\"InitialInstanceCount\": 0")))
        .isEqualTo(
            "1 validation error detected: Value '0' at"
                + " 'productionVariants.1.member.initialInstanceCount' failed to satisfy"
                + " constraint: Member must have value greater than or equal to 1");
  }

  @ParameterizedTest(name = "{0} MaxResults {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ListEndpointsInput       | 101 | Member must have value less than or equal to 100
          ListEndpointsInput       | 0   | Member must have value greater than or equal to 1
          ListModelsInput          | 101 | Member must have value less than or equal to 100
          ListEndpointConfigsInput | -1  | Member must have value greater than or equal to 1
          ListTagsInput            | 49  | Member must have value greater than or equal to 50
          """)
  void maxResultsOutsideItsRangeIsAViolation(String shape, String maxResults, String constraint) {
    String body =
        "{\"ResourceArn\": \"arn:aws:sagemaker:us-east-1:123456789012:endpoint/e\","
            + " \"MaxResults\": "
            + maxResults
            + "}";

    assertThat(validate(shape, body))
        .containsExactly(new Violation("maxResults", maxResults, constraint));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "100", "100.0"})
  void maxResultsInsideItsRangeIsValid(String maxResults) {
    assertThat(validate("ListEndpointsInput", "{\"MaxResults\": " + maxResults + "}")).isEmpty();
  }

  @Test
  void aFloatMemberTakesIntegersAndFractions() {
    assertThat(validate("CreateEndpointConfigInput", variant("\"InitialVariantWeight\": 3")))
        .isEmpty();
    assertThat(validate("CreateEndpointConfigInput", variant("\"InitialVariantWeight\": 0.5")))
        .isEmpty();
    assertThat(message("CreateEndpointConfigInput", variant("\"InitialVariantWeight\": -0.5")))
        .isEqualTo(
            "1 validation error detected: Value '-0.5' at"
                + " 'productionVariants.1.member.initialVariantWeight' failed to satisfy"
                + " constraint: Member must have value greater than or equal to 0");
  }

  // ---- enums
  // -------------------------------------------------------------------------------------

  @Test
  void anUnknownInstanceTypeListsTheModelsEnum() {
    List<Violation> violations =
        validate("CreateEndpointConfigInput", variant("\"InstanceType\": \"ml.foo\""));

    assertThat(violations)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("productionVariants.1.member.instanceType");
              assertThat(v.value()).isEqualTo("ml.foo");
              assertThat(v.constraint())
                  .startsWith("Member must satisfy enum value set: [ml.t2.medium, ml.t2.large, ")
                  .endsWith("]");
            });
  }

  @ParameterizedTest(name = "{1} = {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ListEndpointsInput | sortOrder    | Up       | [Ascending, Descending]
          ListEndpointsInput | sortBy       | name     | [Name, CreationTime, Status]
          ListModelsInput    | sortBy       | Status   | [Name, CreationTime]
          ListEndpointsInput | statusEquals | inservice | [OutOfService, Creating, Updating, SystemUpdating, RollingBack, InService, Deleting, Failed, UpdateRollbackFailed]
          """)
  void aValueOutsideAnEnumListsTheEnumInModelOrder(
      String shape, String member, String value, String allowed) {
    String wireName = Character.toUpperCase(member.charAt(0)) + member.substring(1);
    String body = "{\"" + wireName + "\": \"" + value + "\"}";

    assertThat(message(shape, body))
        .isEqualTo(
            "1 validation error detected: Value '"
                + value
                + "' at '"
                + member
                + "' failed to satisfy constraint: Member must satisfy enum value set: "
                + allowed);
  }

  @Test
  void anEnumOverrideReplacesTheModelsEnum() {
    ShapeValidator catalog =
        VALIDATOR.withEnumOverride(
            "ProductionVariantInstanceType", List.of("ml.g5.xlarge", "ml.local.cpu"));

    assertThat(
            catalog.validate(
                "CreateEndpointConfigInput", json(variant("\"InstanceType\": \"ml.local.cpu\""))))
        .isEmpty();
    assertThat(
            catalog.validate(
                "CreateEndpointConfigInput", json(variant("\"InstanceType\": \"ml.m5.large\""))))
        .containsExactly(
            Violation.enumValue(
                "productionVariants.1.member.instanceType",
                "ml.m5.large",
                List.of("ml.g5.xlarge", "ml.local.cpu")));
    // The override applies wherever the shape is used, here inside instance pools.
    assertThat(
            catalog.validate(
                "CreateEndpointConfigInput",
                json(
                    variant(
                        "\"InstancePools\": [{\"InstanceType\": \"ml.p5.48xlarge\","
                            + " \"Priority\": 1}]"))))
        .extracting(Violation::path)
        .containsExactly("productionVariants.1.member.instancePools.1.member.instanceType");
  }

  @Test
  void anEnumOverrideLeavesTheOriginalValidatorAlone() {
    VALIDATOR.withEnumOverride("ProductionVariantInstanceType", List.of("ml.local.cpu"));

    assertThat(validate("CreateEndpointConfigInput", variant("\"InstanceType\": \"ml.m5.large\"")))
        .isEmpty();
    assertThat(validate("CreateEndpointConfigInput", variant("\"InstanceType\": \"ml.local.cpu\"")))
        .hasSize(1);
  }

  @Test
  void anEmptyOverrideAllowsNothing() {
    ShapeValidator none = VALIDATOR.withEnumOverride("ProductionVariantInstanceType", List.of());

    assertThat(
            none.validate(
                "CreateEndpointConfigInput", json(variant("\"InstanceType\": \"ml.m5.large\""))))
        .extracting(Violation::constraint)
        .containsExactly("Member must satisfy enum value set: []");
  }

  @Test
  void onlyStringShapesCanBeOverridden() {
    assertThatThrownBy(() -> VALIDATOR.withEnumOverride("MaxResults", List.of("1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VALIDATOR.withEnumOverride("NoSuchShape", List.of("1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- strings
  // -----------------------------------------------------------------------------------

  @Test
  void lengthIsCountedInCharactersNotUtf16Units() {
    String cjk = new String(Character.toChars(0x20000)); // one character, two UTF-16 units
    String ok = tagged("v", cjk.repeat(256));
    String tooLong = tagged("v", cjk.repeat(257));

    assertThat(validate("CreateEndpointInput", ok)).isEmpty();
    assertThat(validate("CreateEndpointInput", tooLong))
        .extracting(Violation::constraint)
        .containsExactly("Member must have length less than or equal to 256");
  }

  @Test
  void violationsFollowModelMemberOrderAcrossTheWholeRequest() {
    String body =
        """
        {"EndpointConfigName": "bad_name",
         "ProductionVariants": [{"VariantName": "v", "ModelName": "m-", "InitialInstanceCount": 0,
                                 "InstanceType": "ml.nope"}],
         "KmsKeyId": "has space"}
        """;

    assertThat(validate("CreateEndpointConfigInput", body))
        .extracting(Violation::path)
        .containsExactly(
            "endpointConfigName",
            "productionVariants.1.member.modelName",
            "productionVariants.1.member.initialInstanceCount",
            "productionVariants.1.member.instanceType",
            "kmsKeyId");
  }

  // ---- timestamps
  // --------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1700000000",
        "1700000000.5",
        "\"2024-01-31T12:00:00Z\"",
        "\"2024-01-31T12:00:00.123+02:00\""
      })
  void aTimestampIsEpochSecondsOrAnIsoDateTime(String value) {
    assertThat(validate("ListEndpointsInput", "{\"CreationTimeAfter\": " + value + "}")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"yesterday\"", "\"1700000000\"", "\"2024-01-31T12:00:00\"", "true"})
  void anythingElseIsNotATimestamp(String value) {
    AwsServiceException e =
        serializationError("ListEndpointsInput", "{\"CreationTimeAfter\": " + value + "}");

    assertThat(e.error().message())
        .startsWith("Expected a timestamp (epoch seconds, or an ISO-8601 date-time with an offset)")
        .contains("'creationTimeAfter'");
  }

  // ---- wrong JSON types
  // --------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          string for an integer   | CreateEndpointConfigInput | `{"EndpointConfigName": "c", "ProductionVariants": [{"VariantName": "v", "InitialInstanceCount": "1"}]}` | Expected an integer at 'productionVariants.1.member.initialInstanceCount' but found a string.
          fraction for an integer | CreateEndpointConfigInput | `{"EndpointConfigName": "c", "ProductionVariants": [{"VariantName": "v", "InitialInstanceCount": 1.5}]}` | Expected an integer at 'productionVariants.1.member.initialInstanceCount' but found 1.5.
          too big for an integer  | ListEndpointsInput        | `{"MaxResults": 3000000000}`                              | Expected a 32-bit integer at 'maxResults' but found 3000000000.
          object for a string     | CreateEndpointInput       | `{"EndpointName": {}, "EndpointConfigName": "c"}`          | Expected a string at 'endpointName' but found a JSON object.
          number for a string     | CreateModelInput          | `{"ModelName": 5}`                                        | Expected a string at 'modelName' but found 5.
          array for a structure   | CreateModelInput          | `{"ModelName": "m", "PrimaryContainer": []}`               | Expected a JSON object at 'primaryContainer' but found a JSON array.
          string for a list       | CreateEndpointInput       | `{"EndpointName": "e", "EndpointConfigName": "c", "Tags": "x"}` | Expected a JSON array at 'tags' but found a string.
          array for a map         | CreateModelInput          | `{"ModelName": "m", "PrimaryContainer": {"Environment": []}}` | Expected a JSON object (a map) at 'primaryContainer.environment' but found a JSON array.
          string for a boolean    | CreateModelInput          | `{"ModelName": "m", "EnableNetworkIsolation": "true"}`     | Expected a boolean at 'enableNetworkIsolation' but found a string.
          string for a float      | CreateEndpointConfigInput | `{"EndpointConfigName": "c", "ProductionVariants": [{"VariantName": "v", "InitialVariantWeight": "1"}]}` | Expected a number at 'productionVariants.1.member.initialVariantWeight' but found a string.
          number in string list   | DeleteTagsInput           | `{"ResourceArn": "r", "TagKeys": ["a", 5]}`               | Expected a string at 'tagKeys.2.member' but found 5.
          number as a map value   | CreateModelInput          | `{"ModelName": "m", "PrimaryContainer": {"Environment": {"A": 1}}}` | Expected a string at 'primaryContainer.environment.A.member' but found 1.
          top-level array         | CreateEndpointInput       | `[]`                                                      | Expected a JSON object as the request body but found a JSON array.
          top-level string        | CreateEndpointInput       | `"EndpointName"`                                          | Expected a JSON object as the request body but found a string.
          top-level null          | CreateEndpointInput       | `null`                                                    | Expected a JSON object as the request body but found null.
          """)
  void aMemberOfTheWrongJsonTypeIsASerializationError(
      String why, String shape, String body, String expected) {
    assertThat(serializationError(shape, body).error().message()).isEqualTo(expected);
  }

  @Test
  void aWrongTypeWinsOverConstraintViolationsFoundBeforeIt() {
    // A body that cannot be read is not half-validated: the type error is the answer.
    String body = "{\"EndpointConfigName\": \"bad_name\", \"EndpointName\": 7}";

    serializationError("CreateEndpointInput", body);
  }

  // ---- the handler-chain entry point ---------------------------------------------------------

  @Test
  void requireValidThrowsAValidationExceptionWithTheCoralMessage() {
    AwsServiceException e =
        catchThrowableOfType(
            () -> VALIDATOR.requireValid("CreateEndpointInput", json("{\"EndpointName\": \"e\"}")),
            AwsServiceException.class);

    assertThat(e.error().code()).isEqualTo(AwsErrorCode.VALIDATION_EXCEPTION);
    assertThat(e.error().message())
        .isEqualTo(
            "1 validation error detected: Value null at 'endpointConfigName' failed to satisfy"
                + " constraint: Member must not be null");
  }

  @Test
  void requireValidPassesAValidRequest() {
    VALIDATOR.requireValid("CreateEndpointInput", createEndpoint());
  }

  @Test
  void onlyStructureShapesCanBeValidatedAsARequest() {
    assertThatThrownBy(() -> VALIDATOR.validate("ModelName", json("\"m\"")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VALIDATOR.validate("NoSuchInput", json("{}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- helpers
  // -----------------------------------------------------------------------------------

  private static List<Violation> validate(String shape, String body) {
    return VALIDATOR.validate(shape, json(body));
  }

  private static String message(String shape, String body) {
    return CoralMessage.of(validate(shape, body));
  }

  private static AwsServiceException serializationError(String shape, String body) {
    JsonNode node = json(body);
    AwsServiceException e =
        catchThrowableOfType(() -> VALIDATOR.validate(shape, node), AwsServiceException.class);
    assertThat(e).as("a SerializationException").isNotNull();
    assertThat(e.error().code()).isEqualTo(AwsErrorCode.SERIALIZATION_EXCEPTION);
    return e;
  }

  /** A CreateEndpointConfig with one variant named "v" that has the given extra members. */
  private static String variant(String members) {
    return "{\"EndpointConfigName\": \"c\", \"ProductionVariants\": [{\"VariantName\": \"v\", "
        + members
        + "}]}";
  }

  private static ObjectNode createEndpoint() {
    return SageMakerModel.mapper()
        .createObjectNode()
        .put("EndpointName", "e")
        .put("EndpointConfigName", "c");
  }

  private static String tagged(String key, String value) {
    ObjectNode body = createEndpoint();
    body.putArray("Tags").addObject().put("Key", key).put("Value", value);
    return body.toString();
  }
}
