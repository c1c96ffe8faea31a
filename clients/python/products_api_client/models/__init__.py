"""Contains all the data models used in inputs/outputs"""

from .health import Health
from .health_status import HealthStatus
from .hello import Hello
from .item_echo import ItemEcho
from .o_auth_2_problem import OAuth2Problem
from .o_auth_2_problem_error import OAuth2ProblemError
from .problem import Problem
from .product import Product
from .product_in import ProductIn
from .product_page import ProductPage
from .product_patch import ProductPatch
from .token import Token
from .token_request import TokenRequest
from .token_token_type import TokenTokenType
from .user import User
from .user_create import UserCreate
from .validation_error_detail import ValidationErrorDetail
from .validation_problem import ValidationProblem

__all__ = (
    "Health",
    "HealthStatus",
    "Hello",
    "ItemEcho",
    "OAuth2Problem",
    "OAuth2ProblemError",
    "Problem",
    "Product",
    "ProductIn",
    "ProductPage",
    "ProductPatch",
    "Token",
    "TokenRequest",
    "TokenTokenType",
    "User",
    "UserCreate",
    "ValidationErrorDetail",
    "ValidationProblem",
)
