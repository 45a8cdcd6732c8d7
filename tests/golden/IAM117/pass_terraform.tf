# An operator whose keys are computed at deploy time is not an empty condition
resource "aws_iam_policy" "p" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*", Condition = { StringEquals = merge(var.a, var.b) } }]
  })
}
