"""Plain FastAPI + SQLAlchemy ORM products, as the seed article and the FastAPI docs write
them: `response_model`, a `Depends` session, `select(Model)`, JWT auth via OAuth2PasswordBearer,
and the docs' login (OAuth2PasswordRequestForm, passlib's verify in the request's coroutine).
It reads and writes the service's own tables (DATABASE_URL, SECRET_KEY from the environment)."""

import os
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from jose import JWTError, jwt
from passlib.context import CryptContext
from pydantic import BaseModel, ConfigDict
from sqlalchemy import BigInteger, DateTime, Double, ForeignKey, String, Text, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

engine = create_async_engine(os.environ["DATABASE_URL"])
SessionLocal = async_sessionmaker(engine, expire_on_commit=False)
SECRET_KEY = os.environ["SECRET_KEY"]


class Base(DeclarativeBase):
    pass


class UserORM(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    full_name: Mapped[str | None] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProductORM(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    price: Mapped[float] = mapped_column(Double)
    tax: Mapped[float | None] = mapped_column(Double)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProductIn(BaseModel):
    name: str
    description: str | None = None
    price: float
    tax: float | None = None


class Product(ProductIn):
    model_config = ConfigDict(from_attributes=True)
    id: int
    owner_id: int
    created_at: datetime
    updated_at: datetime


class ProductPage(BaseModel):
    items: list[Product]
    total: int
    limit: int
    offset: int


app = FastAPI()
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")
pwd_context = CryptContext(schemes=["argon2"], deprecated="auto")


class Token(BaseModel):
    access_token: str
    token_type: str


async def get_session() -> AsyncSession:  # type: ignore[misc]
    async with SessionLocal() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def get_current_user(
    token: Annotated[str, Depends(oauth2_scheme)], session: SessionDep
) -> UserORM:
    unauthorized = HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail="Could not validate credentials",
        headers={"WWW-Authenticate": "Bearer"},
    )
    try:
        payload = jwt.decode(token, SECRET_KEY, algorithms=["HS256"])
    except JWTError:
        raise unauthorized from None
    user = await session.get(UserORM, int(payload["sub"]))
    if user is None:
        raise unauthorized
    return user


@app.get("/products/", response_model=ProductPage)
async def list_products(session: SessionDep, limit: int = 20, offset: int = 0) -> ProductPage:
    total = await session.scalar(select(func.count()).select_from(ProductORM))
    result = await session.execute(
        select(ProductORM).order_by(ProductORM.id.desc()).offset(offset).limit(limit)
    )
    items = [Product.model_validate(p) for p in result.scalars()]
    return ProductPage(items=items, total=total or 0, limit=limit, offset=offset)


@app.get("/products/{product_id}", response_model=Product)
async def read_product(product_id: int, session: SessionDep) -> ProductORM:
    product = await session.get(ProductORM, product_id)
    if product is None:
        raise HTTPException(status_code=404, detail="Product not found")
    return product


@app.post("/products/", response_model=Product, status_code=201)
async def create_product(
    product: ProductIn,
    session: SessionDep,
    user: Annotated[UserORM, Depends(get_current_user)],
) -> ProductORM:
    now = datetime.now(UTC)
    row = ProductORM(**product.model_dump(), owner_id=user.id, created_at=now, updated_at=now)
    session.add(row)
    await session.commit()
    await session.refresh(row)
    return row


@app.post("/token", response_model=Token)
async def login_for_access_token(
    form_data: Annotated[OAuth2PasswordRequestForm, Depends()], session: SessionDep
) -> Token:
    user = await session.scalar(select(UserORM).where(UserORM.username == form_data.username))
    if user is None or not pwd_context.verify(form_data.password, user.password_hash):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    expire = datetime.now(UTC) + timedelta(minutes=30)
    access_token = jwt.encode({"sub": str(user.id), "exp": expire}, SECRET_KEY, algorithm="HS256")
    return Token(access_token=access_token, token_type="bearer")
