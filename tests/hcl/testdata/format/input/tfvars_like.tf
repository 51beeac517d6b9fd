region="us-east-1"
count=3
tags={
env="prod"
team="x"
}
list=["a","b"]
