# Policy attributes that are not the policy's JSON text; computed ones are left alone
resource "aws_iam_policy" "number" {
  policy = 42
}
resource "aws_iam_role" "bool" {
  assume_role_policy = true
  inline_policy {
    policy = { Version = "2012-10-17", Statement = [] }
  }
}
resource "aws_s3_bucket" "unset" {
  policy = null
}
resource "aws_iam_policy" "computed" {
  policy = var.policy
}
