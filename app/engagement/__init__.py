"""Engagement: lotteries (积分抽奖) members pay points to draw."""
