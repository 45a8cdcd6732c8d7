data "aws_iam_policy_document" "home" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::${var.bucket}/$${aws:username}/*"]
  }
}
