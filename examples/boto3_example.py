#!/usr/bin/env python3
"""The example walk with boto3 against a running `berth up`.

create model -> endpoint configuration -> endpoint -> wait -> invoke -> update -> wait -> invoke
-> delete. Explained in examples/README.md; launcher's BerthExamplesIT runs it.

Usage: python3 examples/boto3_example.py [endpoint-url, default http://127.0.0.1:8600]
Environment: NAME (prefix of every resource, default boto3-example); AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY and AWS_DEFAULT_REGION (default test / test / us-east-1).
"""
import json
import os
import pathlib
import sys

import boto3

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8600"
name = os.environ.get("NAME", "boto3-example")
berth = dict(
    endpoint_url=url,
    region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
    aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "test"),
    aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "test"),
)
sm = boto3.client("sagemaker", **berth)
runtime = boto3.client("sagemaker-runtime", **berth)
model = pathlib.Path(__file__).resolve().parent / "model" / "model.tar.gz"
# The waiters' default is a poll every 30 s; Berth is ready in seconds.
quick = {"Delay": 1, "MaxAttempts": 300}


def config(config_name, instances):
    sm.create_endpoint_config(
        EndpointConfigName=config_name,
        ProductionVariants=[{"VariantName": "AllTraffic", "ModelName": name,
                             "InstanceType": "ml.m5.large",
                             "InitialInstanceCount": instances}])


def invoke():
    answer = runtime.invoke_endpoint(EndpointName=name, ContentType="application/json",
                                     Body=json.dumps({"instances": [[1, 2, 3, 4]]}))
    prediction = json.loads(answer["Body"].read())
    print("  prediction:", prediction, "from variant", answer["InvokedProductionVariant"])
    assert prediction == {"predictions": [[6.125, 2.5, 4.25]]}, prediction


print("1. create_model", name)
sm.create_model(ModelName=name, PrimaryContainer={"ModelDataUrl": model.as_uri()},
                ExecutionRoleArn="arn:aws:iam::000000000000:role/berth")
print("2. create_endpoint_config", name + "-config-1", "(1 x ml.m5.large)")
config(name + "-config-1", 1)
print("3. create_endpoint", name)
sm.create_endpoint(EndpointName=name, EndpointConfigName=name + "-config-1")
print("4. wait until InService")
sm.get_waiter("endpoint_in_service").wait(EndpointName=name, WaiterConfig=quick)
print("5. invoke_endpoint")
invoke()
print("6. create_endpoint_config", name + "-config-2", "(2 x ml.m5.large) and update_endpoint")
config(name + "-config-2", 2)
sm.update_endpoint(EndpointName=name, EndpointConfigName=name + "-config-2")
print("7. wait until InService again")
sm.get_waiter("endpoint_in_service").wait(EndpointName=name, WaiterConfig=quick)
print("8. invoke_endpoint")
invoke()
print("9. delete the endpoint, then the configurations and the model")
sm.delete_endpoint(EndpointName=name)
sm.get_waiter("endpoint_deleted").wait(EndpointName=name, WaiterConfig=quick)
sm.delete_endpoint_config(EndpointConfigName=name + "-config-1")
sm.delete_endpoint_config(EndpointConfigName=name + "-config-2")
sm.delete_model(ModelName=name)
print("Done.")
