data "aws_iam_policy_document" "queue_writer" {
  statement {
    sid       = "SendJobs"
    actions   = ["sqs:SendMessage", "sqs:GetQueueUrl"]
    resources = [aws_sqs_queue.jobs.arn]

    condition {
      test     = "StringEquals"
      variable = "aws:SourceIp"
      values   = ["203.0.113.0/24"]
    }
  }
}

resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_iam_policy" "queue_writer" {
  name   = "queue-writer"
  policy = data.aws_iam_policy_document.queue_writer.json
}
