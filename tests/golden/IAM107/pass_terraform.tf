# Terraform expressions where an object or array belongs: unknown until deploy, not a wrong type
resource "aws_iam_policy" "for_object" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = { for k, v in local.m : k => v }
  })
}
resource "aws_iam_policy" "concat" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = concat(local.a, local.b)
  })
}
resource "aws_iam_policy" "condition" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*", Condition = var.cond }]
  })
}
resource "aws_iam_policy" "operator" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*", Condition = { StringEquals = var.c } }]
  })
}
resource "aws_s3_bucket_policy" "principal" {
  bucket = "b"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = var.p, Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }]
  })
}
resource "aws_iam_policy" "heredoc" {
  policy = <<EOT
{"Version": "2012-10-17", "Statement": ${jsonencode(local.statements)}}
EOT
}
