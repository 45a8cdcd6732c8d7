data "aws_iam_policy_document" "home" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::home/${aws:username}/*"]
  }
}
resource "aws_iam_policy" "team" {
  policy = <<EOT
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::t/${aws:PrincipalTag/team}/*"}]}
EOT
}
